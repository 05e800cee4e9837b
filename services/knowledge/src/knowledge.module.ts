import { Module } from '@nestjs/common';
import { ArticlesGrpcController } from './api/articles.grpc.controller.js';
import { CareEventsController } from './api/care-events.controller.js';
import { InquiryEventsController } from './api/inquiry-events.controller.js';
import { RepliesGrpcController } from './api/replies.grpc.controller.js';
import { SearchGrpcController } from './api/search.grpc.controller.js';
import { SelfServiceHttpController } from './api/self-service.http.controller.js';
import { SuggestionsGrpcController } from './api/suggestions.grpc.controller.js';
import { AcknowledgeArticleHandler } from './application/acknowledge-article.handler.js';
import { ApproveStandardReplyHandler } from './application/approve-standard-reply.handler.js';
import { ApproveVersionHandler } from './application/approve-version.handler.js';
import { ArchiveArticleHandler } from './application/archive-article.handler.js';
import { ArchiveStandardReplyHandler } from './application/archive-standard-reply.handler.js';
import { ArticleDrafting } from './application/article-drafting.js';
import { ArticleSearch } from './application/article-search.js';
import { ArticleStepRunner } from './application/article-step.runner.js';
import { CheckReplyHandler } from './application/check-reply.handler.js';
import { CreateArticleHandler } from './application/create-article.handler.js';
import { CreateStandardReplyHandler } from './application/create-standard-reply.handler.js';
import { DiffVersionsHandler } from './application/diff-versions.handler.js';
import { DraftFaqFromGapHandler } from './application/draft-faq-from-gap.handler.js';
import { EditArticleHandler } from './application/edit-article.handler.js';
import { ForgetCustomerInGapsHandler } from './application/forget-customer-in-gaps.handler.js';
import { GetArticleHandler } from './application/get-article.handler.js';
import { GetGapHandler } from './application/get-gap.handler.js';
import { GetReadinessReportHandler } from './application/get-readiness-report.handler.js';
import { GetStandardReplyHandler } from './application/get-standard-reply.handler.js';
import { ListArticlesHandler } from './application/list-articles.handler.js';
import { ListGapsHandler } from './application/list-gaps.handler.js';
import { ListStandardRepliesHandler } from './application/list-standard-replies.handler.js';
import { PublicationScheduler } from './application/publication.scheduler.js';
import { RejectStandardReplyHandler } from './application/reject-standard-reply.handler.js';
import { RejectVersionHandler } from './application/reject-version.handler.js';
import { RenderStandardReplyHandler } from './application/render-standard-reply.handler.js';
import { ReplyCheckPolicy } from './application/reply-check.policy.js';
import { ReviseStandardReplyHandler } from './application/revise-standard-reply.handler.js';
import { SearchArticlesHandler } from './application/search-articles.handler.js';
import { SearchIndexKeeper } from './application/search-index.keeper.js';
import { StandardReplyStepRunner } from './application/standard-reply-step.runner.js';
import { SubmitForReviewHandler } from './application/submit-for-review.handler.js';
import { SubmitStandardReplyHandler } from './application/submit-standard-reply.handler.js';
import { SuggestHandler } from './application/suggest.handler.js';
import { SuggestForCustomerMessageHandler } from './application/suggest-for-customer-message.handler.js';
import { SuggestionEngine } from './application/suggestion.engine.js';

/** The knowledge base (知识库): articles with versions, search, self-service, new-product readiness. */
@Module({
  controllers: [
    ArticlesGrpcController,
    SearchGrpcController,
    SelfServiceHttpController,
    RepliesGrpcController,
    SuggestionsGrpcController,
    InquiryEventsController,
    CareEventsController,
  ],
  providers: [
    ArticleDrafting,
    ArticleSearch,
    ArticleStepRunner,
    PublicationScheduler,
    SearchIndexKeeper,
    CreateArticleHandler,
    EditArticleHandler,
    SubmitForReviewHandler,
    ApproveVersionHandler,
    RejectVersionHandler,
    ArchiveArticleHandler,
    GetArticleHandler,
    ListArticlesHandler,
    DiffVersionsHandler,
    AcknowledgeArticleHandler,
    GetReadinessReportHandler,
    SearchArticlesHandler,
    ReplyCheckPolicy,
    CheckReplyHandler,
    CreateStandardReplyHandler,
    ReviseStandardReplyHandler,
    StandardReplyStepRunner,
    SubmitStandardReplyHandler,
    ApproveStandardReplyHandler,
    RejectStandardReplyHandler,
    ArchiveStandardReplyHandler,
    GetStandardReplyHandler,
    ListStandardRepliesHandler,
    RenderStandardReplyHandler,
    SuggestionEngine,
    SuggestHandler,
    SuggestForCustomerMessageHandler,
    ListGapsHandler,
    GetGapHandler,
    DraftFaqFromGapHandler,
    ForgetCustomerInGapsHandler,
  ],
  exports: [ArticleSearch, ArticleDrafting],
})
export class KnowledgeModule {}

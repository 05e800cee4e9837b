import { actorOf, agentRefOf } from '@cs/auth';
import {
  type AcknowledgeArticleRequest,
  type AcknowledgeArticleResponse,
  type ApproveVersionRequest,
  type ApproveVersionResponse,
  type ArchiveArticleRequest,
  type ArchiveArticleResponse,
  type ArticlesServiceController,
  ArticlesServiceControllerMethods,
  type CreateArticleRequest,
  type CreateArticleResponse,
  type DiffVersionsRequest,
  type DiffVersionsResponse,
  type EditArticleRequest,
  type EditArticleResponse,
  type GetArticleRequest,
  type GetArticleResponse,
  type GetReadinessReportRequest,
  type GetReadinessReportResponse,
  type ListArticlesRequest,
  type ListArticlesResponse,
  type RejectVersionRequest,
  type RejectVersionResponse,
  type SubmitForReviewRequest,
  type SubmitForReviewResponse,
} from '@cs/contracts/cs/knowledge/v1/articles_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AcknowledgeArticleHandler } from '../application/acknowledge-article.handler.js';
import { ApproveVersionHandler } from '../application/approve-version.handler.js';
import { ArchiveArticleHandler } from '../application/archive-article.handler.js';
import { CreateArticleHandler } from '../application/create-article.handler.js';
import { DiffVersionsHandler } from '../application/diff-versions.handler.js';
import { EditArticleHandler } from '../application/edit-article.handler.js';
import { GetArticleHandler } from '../application/get-article.handler.js';
import { GetReadinessReportHandler } from '../application/get-readiness-report.handler.js';
import { ListArticlesHandler } from '../application/list-articles.handler.js';
import { RejectVersionHandler } from '../application/reject-version.handler.js';
import { SubmitForReviewHandler } from '../application/submit-for-review.handler.js';

/** cs.knowledge.v1.ArticlesService: translation only; the editor, reviewer or agent is the verified caller. */
@Controller()
@ArticlesServiceControllerMethods()
export class ArticlesGrpcController implements ArticlesServiceController {
  constructor(
    private readonly createArticleHandler: CreateArticleHandler,
    private readonly editArticleHandler: EditArticleHandler,
    private readonly submitForReviewHandler: SubmitForReviewHandler,
    private readonly approveVersionHandler: ApproveVersionHandler,
    private readonly rejectVersionHandler: RejectVersionHandler,
    private readonly archiveArticleHandler: ArchiveArticleHandler,
    private readonly getArticleHandler: GetArticleHandler,
    private readonly listArticlesHandler: ListArticlesHandler,
    private readonly diffVersionsHandler: DiffVersionsHandler,
    private readonly acknowledgeArticleHandler: AcknowledgeArticleHandler,
    private readonly getReadinessReportHandler: GetReadinessReportHandler,
  ) {}

  createArticle(request: CreateArticleRequest, metadata?: Metadata): Promise<CreateArticleResponse> {
    return this.createArticleHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  editArticle(request: EditArticleRequest, metadata?: Metadata): Promise<EditArticleResponse> {
    return this.editArticleHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  submitForReview(request: SubmitForReviewRequest, metadata?: Metadata): Promise<SubmitForReviewResponse> {
    return this.submitForReviewHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  approveVersion(request: ApproveVersionRequest, metadata?: Metadata): Promise<ApproveVersionResponse> {
    return this.approveVersionHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  rejectVersion(request: RejectVersionRequest, metadata?: Metadata): Promise<RejectVersionResponse> {
    return this.rejectVersionHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  archiveArticle(request: ArchiveArticleRequest, metadata?: Metadata): Promise<ArchiveArticleResponse> {
    return this.archiveArticleHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getArticle(request: GetArticleRequest, metadata?: Metadata): Promise<GetArticleResponse> {
    return this.getArticleHandler.execute(request, actorOf(metadata));
  }

  listArticles(request: ListArticlesRequest, metadata?: Metadata): Promise<ListArticlesResponse> {
    return this.listArticlesHandler.execute(request, actorOf(metadata));
  }

  diffVersions(request: DiffVersionsRequest): Promise<DiffVersionsResponse> {
    return this.diffVersionsHandler.execute(request);
  }

  acknowledgeArticle(request: AcknowledgeArticleRequest, metadata?: Metadata): Promise<AcknowledgeArticleResponse> {
    return this.acknowledgeArticleHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getReadinessReport(request: GetReadinessReportRequest): Promise<GetReadinessReportResponse> {
    return this.getReadinessReportHandler.execute(request);
  }
}

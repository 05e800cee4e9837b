import { actorOf } from '@cs/auth';
import {
  type ConversationKnowledgeServiceController,
  ConversationKnowledgeServiceControllerMethods,
  type ListConversationSuggestionsRequest,
  type ListConversationSuggestionsResponse,
  type ListReplyChecksRequest,
  type ListReplyChecksResponse,
} from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ListConversationSuggestionsHandler } from '../application/list-conversation-suggestions.handler.js';
import { ListReplyChecksHandler } from '../application/list-reply-checks.handler.js';

/** cs.inquiry.v1.ConversationKnowledgeService: translation only; the caller comes from the token. */
@Controller()
@ConversationKnowledgeServiceControllerMethods()
export class ConversationKnowledgeGrpcController implements ConversationKnowledgeServiceController {
  constructor(
    private readonly suggestions: ListConversationSuggestionsHandler,
    private readonly replyChecks: ListReplyChecksHandler,
  ) {}

  listConversationSuggestions(
    request: ListConversationSuggestionsRequest,
    metadata?: Metadata,
  ): Promise<ListConversationSuggestionsResponse> {
    return this.suggestions.execute(request, actorOf(metadata));
  }

  listReplyChecks(request: ListReplyChecksRequest, metadata?: Metadata): Promise<ListReplyChecksResponse> {
    return this.replyChecks.execute(request, actorOf(metadata));
  }
}

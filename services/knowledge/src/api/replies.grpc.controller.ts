import { agentRefOf } from '@cs/auth';
import {
  type CheckReplyRequest,
  type CheckReplyResponse,
  type CreateStandardReplyRequest,
  type CreateStandardReplyResponse,
  type GetStandardReplyRequest,
  type GetStandardReplyResponse,
  type ListStandardRepliesRequest,
  type ListStandardRepliesResponse,
  type RenderStandardReplyRequest,
  type RenderStandardReplyResponse,
  type RepliesServiceController,
  RepliesServiceControllerMethods,
  type ReviseStandardReplyRequest,
  type ReviseStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { CheckReplyHandler } from '../application/check-reply.handler.js';
import { CreateStandardReplyHandler } from '../application/create-standard-reply.handler.js';
import { GetStandardReplyHandler } from '../application/get-standard-reply.handler.js';
import { ListStandardRepliesHandler } from '../application/list-standard-replies.handler.js';
import { RenderStandardReplyHandler } from '../application/render-standard-reply.handler.js';
import { ReviseStandardReplyHandler } from '../application/revise-standard-reply.handler.js';

/** cs.knowledge.v1.RepliesService (礼貌用语, reply check): translation only; the author is the verified caller. */
@Controller()
@RepliesServiceControllerMethods()
export class RepliesGrpcController implements RepliesServiceController {
  constructor(
    private readonly createHandler: CreateStandardReplyHandler,
    private readonly reviseHandler: ReviseStandardReplyHandler,
    private readonly getHandler: GetStandardReplyHandler,
    private readonly listHandler: ListStandardRepliesHandler,
    private readonly renderHandler: RenderStandardReplyHandler,
    private readonly checkHandler: CheckReplyHandler,
  ) {}

  createStandardReply(request: CreateStandardReplyRequest, metadata?: Metadata): Promise<CreateStandardReplyResponse> {
    return this.createHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  reviseStandardReply(request: ReviseStandardReplyRequest, metadata?: Metadata): Promise<ReviseStandardReplyResponse> {
    return this.reviseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getStandardReply(request: GetStandardReplyRequest): Promise<GetStandardReplyResponse> {
    return this.getHandler.execute(request);
  }

  listStandardReplies(request: ListStandardRepliesRequest): Promise<ListStandardRepliesResponse> {
    return this.listHandler.execute(request);
  }

  renderStandardReply(request: RenderStandardReplyRequest): Promise<RenderStandardReplyResponse> {
    return this.renderHandler.execute(request);
  }

  checkReply(request: CheckReplyRequest): CheckReplyResponse {
    return this.checkHandler.execute(request);
  }
}

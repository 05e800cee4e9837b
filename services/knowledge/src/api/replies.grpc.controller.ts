import { actorOf, agentRefOf } from '@cs/auth';
import {
  type ApproveStandardReplyRequest,
  type ApproveStandardReplyResponse,
  type ArchiveStandardReplyRequest,
  type ArchiveStandardReplyResponse,
  type CheckReplyRequest,
  type CheckReplyResponse,
  type CreateStandardReplyRequest,
  type CreateStandardReplyResponse,
  type GetStandardReplyRequest,
  type GetStandardReplyResponse,
  type ListStandardRepliesRequest,
  type ListStandardRepliesResponse,
  type RejectStandardReplyRequest,
  type RejectStandardReplyResponse,
  type RenderStandardReplyRequest,
  type RenderStandardReplyResponse,
  type RepliesServiceController,
  RepliesServiceControllerMethods,
  type ReviseStandardReplyRequest,
  type ReviseStandardReplyResponse,
  type SubmitStandardReplyForReviewRequest,
  type SubmitStandardReplyForReviewResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ApproveStandardReplyHandler } from '../application/approve-standard-reply.handler.js';
import { ArchiveStandardReplyHandler } from '../application/archive-standard-reply.handler.js';
import { CheckReplyHandler } from '../application/check-reply.handler.js';
import { CreateStandardReplyHandler } from '../application/create-standard-reply.handler.js';
import { GetStandardReplyHandler } from '../application/get-standard-reply.handler.js';
import { ListStandardRepliesHandler } from '../application/list-standard-replies.handler.js';
import { RejectStandardReplyHandler } from '../application/reject-standard-reply.handler.js';
import { RenderStandardReplyHandler } from '../application/render-standard-reply.handler.js';
import { ReviseStandardReplyHandler } from '../application/revise-standard-reply.handler.js';
import { SubmitStandardReplyHandler } from '../application/submit-standard-reply.handler.js';

/** cs.knowledge.v1.RepliesService (礼貌用语, reply check): translation only; the author or reviewer is the verified caller. */
@Controller()
@RepliesServiceControllerMethods()
export class RepliesGrpcController implements RepliesServiceController {
  constructor(
    private readonly createHandler: CreateStandardReplyHandler,
    private readonly reviseHandler: ReviseStandardReplyHandler,
    private readonly submitHandler: SubmitStandardReplyHandler,
    private readonly approveHandler: ApproveStandardReplyHandler,
    private readonly rejectHandler: RejectStandardReplyHandler,
    private readonly archiveHandler: ArchiveStandardReplyHandler,
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

  submitStandardReplyForReview(
    request: SubmitStandardReplyForReviewRequest,
    metadata?: Metadata,
  ): Promise<SubmitStandardReplyForReviewResponse> {
    return this.submitHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  approveStandardReply(
    request: ApproveStandardReplyRequest,
    metadata?: Metadata,
  ): Promise<ApproveStandardReplyResponse> {
    return this.approveHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  rejectStandardReply(request: RejectStandardReplyRequest, metadata?: Metadata): Promise<RejectStandardReplyResponse> {
    return this.rejectHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  archiveStandardReply(
    request: ArchiveStandardReplyRequest,
    metadata?: Metadata,
  ): Promise<ArchiveStandardReplyResponse> {
    return this.archiveHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getStandardReply(request: GetStandardReplyRequest, metadata?: Metadata): Promise<GetStandardReplyResponse> {
    return this.getHandler.execute(request, actorOf(metadata));
  }

  listStandardReplies(request: ListStandardRepliesRequest, metadata?: Metadata): Promise<ListStandardRepliesResponse> {
    return this.listHandler.execute(request, actorOf(metadata));
  }

  renderStandardReply(request: RenderStandardReplyRequest): Promise<RenderStandardReplyResponse> {
    return this.renderHandler.execute(request);
  }

  checkReply(request: CheckReplyRequest): CheckReplyResponse {
    return this.checkHandler.execute(request);
  }
}

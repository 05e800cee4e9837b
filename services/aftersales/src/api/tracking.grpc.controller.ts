import { agentRefOf } from '@cs/auth';
import {
  type GetDailyFollowUpRequest,
  type GetDailyFollowUpResponse,
  type ListChaseTasksRequest,
  type ListChaseTasksResponse,
  type RecordChaseRequest,
  type RecordChaseResponse,
  type RecordTrackingUpdateRequest,
  type RecordTrackingUpdateResponse,
  type ResolveChaseTaskRequest,
  type ResolveChaseTaskResponse,
  type TrackingServiceController,
  TrackingServiceControllerMethods,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GetDailyFollowUpHandler } from '../application/get-daily-follow-up.handler.js';
import { ListChaseTasksHandler } from '../application/list-chase-tasks.handler.js';
import { RecordChaseHandler } from '../application/record-chase.handler.js';
import { RecordTrackingUpdateHandler } from '../application/record-tracking-update.handler.js';
import { ResolveChaseTaskHandler } from '../application/resolve-chase-task.handler.js';

/** cs.aftersales.v1.TrackingService (查件): translation only; the actor of a command is the verified caller. */
@Controller()
@TrackingServiceControllerMethods()
export class TrackingGrpcController implements TrackingServiceController {
  constructor(
    private readonly recordTrackingUpdateHandler: RecordTrackingUpdateHandler,
    private readonly getDailyFollowUpHandler: GetDailyFollowUpHandler,
    private readonly listChaseTasksHandler: ListChaseTasksHandler,
    private readonly recordChaseHandler: RecordChaseHandler,
    private readonly resolveChaseTaskHandler: ResolveChaseTaskHandler,
  ) {}

  recordTrackingUpdate(request: RecordTrackingUpdateRequest): Promise<RecordTrackingUpdateResponse> {
    return this.recordTrackingUpdateHandler.execute(request);
  }

  getDailyFollowUp(request: GetDailyFollowUpRequest): Promise<GetDailyFollowUpResponse> {
    return this.getDailyFollowUpHandler.execute(request);
  }

  listChaseTasks(request: ListChaseTasksRequest): Promise<ListChaseTasksResponse> {
    return this.listChaseTasksHandler.execute(request);
  }

  recordChase(request: RecordChaseRequest, metadata?: Metadata): Promise<RecordChaseResponse> {
    return this.recordChaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  resolveChaseTask(request: ResolveChaseTaskRequest, metadata?: Metadata): Promise<ResolveChaseTaskResponse> {
    return this.resolveChaseTaskHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

import { actorOf } from '@cs/auth';
import {
  type ListRevisitsRequest,
  type ListRevisitsResponse,
  type RecordRevisitOutcomeRequest,
  type RecordRevisitOutcomeResponse,
  type RevisitsServiceController,
  RevisitsServiceControllerMethods,
  type ScheduleRevisitRequest,
  type ScheduleRevisitResponse,
} from '@cs/contracts/cs/care/v1/revisits_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ListRevisitsHandler } from '../application/list-revisits.handler.js';
import { RecordRevisitOutcomeHandler } from '../application/record-revisit-outcome.handler.js';
import { ScheduleRevisitHandler } from '../application/schedule-revisit.handler.js';

/** cs.care.v1.RevisitsService (回访): translation only. */
@Controller()
@RevisitsServiceControllerMethods()
export class RevisitsGrpcController implements RevisitsServiceController {
  constructor(
    private readonly list: ListRevisitsHandler,
    private readonly scheduleHandler: ScheduleRevisitHandler,
    private readonly recordOutcome: RecordRevisitOutcomeHandler,
  ) {}

  listRevisits(request: ListRevisitsRequest): Promise<ListRevisitsResponse> {
    return this.list.execute(request);
  }

  scheduleRevisit(request: ScheduleRevisitRequest, metadata: Metadata): Promise<ScheduleRevisitResponse> {
    return this.scheduleHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  recordRevisitOutcome(
    request: RecordRevisitOutcomeRequest,
    metadata: Metadata,
  ): Promise<RecordRevisitOutcomeResponse> {
    return this.recordOutcome.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }
}

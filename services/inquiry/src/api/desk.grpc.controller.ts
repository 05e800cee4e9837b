import { actorOf } from '@cs/auth';
import {
  type AddWorkLogEntryRequest,
  type CompleteFollowUpTaskRequest,
  type DeskServiceController,
  DeskServiceControllerMethods,
  type GetDailyWorkLogRequest,
  type GetFeedbackReportRequest,
  type HandOverShiftRequest,
  type ListFollowUpTasksRequest,
  type ListHandoversRequest,
  type RegisterProductFeedbackRequest,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AddWorkLogEntryHandler } from '../application/add-work-log-entry.handler.js';
import { CompleteFollowUpTaskHandler } from '../application/complete-follow-up-task.handler.js';
import { GetDailyWorkLogHandler } from '../application/get-daily-work-log.handler.js';
import { GetFeedbackReportHandler } from '../application/get-feedback-report.handler.js';
import { HandOverShiftHandler } from '../application/hand-over-shift.handler.js';
import { ListFollowUpTasksHandler } from '../application/list-follow-up-tasks.handler.js';
import { ListHandoversHandler } from '../application/list-handovers.handler.js';
import { RegisterProductFeedbackHandler } from '../application/register-product-feedback.handler.js';

/** cs.inquiry.v1.DeskService: translation only; the actor is the verified caller (the token). */
@Controller()
@DeskServiceControllerMethods()
export class DeskGrpcController implements DeskServiceController {
  constructor(
    private readonly followUps: ListFollowUpTasksHandler,
    private readonly completeFollowUp: CompleteFollowUpTaskHandler,
    private readonly handover: HandOverShiftHandler,
    private readonly handovers: ListHandoversHandler,
    private readonly feedback: RegisterProductFeedbackHandler,
    private readonly feedbackReport: GetFeedbackReportHandler,
    private readonly addLog: AddWorkLogEntryHandler,
    private readonly dailyLog: GetDailyWorkLogHandler,
  ) {}

  listFollowUpTasks(request: ListFollowUpTasksRequest, metadata?: Metadata) {
    return this.followUps.execute(request, actorOf(metadata));
  }

  completeFollowUpTask(request: CompleteFollowUpTaskRequest, metadata?: Metadata) {
    return this.completeFollowUp.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  handOverShift(request: HandOverShiftRequest, metadata?: Metadata) {
    return this.handover.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  listHandovers(request: ListHandoversRequest, metadata?: Metadata) {
    return this.handovers.execute(request, actorOf(metadata));
  }

  registerProductFeedback(request: RegisterProductFeedbackRequest, metadata?: Metadata) {
    return this.feedback.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  getFeedbackReport(request: GetFeedbackReportRequest) {
    return this.feedbackReport.execute(request);
  }

  addWorkLogEntry(request: AddWorkLogEntryRequest, metadata?: Metadata) {
    return this.addLog.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  getDailyWorkLog(request: GetDailyWorkLogRequest, metadata?: Metadata) {
    return this.dailyLog.execute(request, actorOf(metadata));
  }
}

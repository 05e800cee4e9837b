import {
  type GetDailyFollowUpRequest,
  type GetDailyFollowUpResponse,
  type RecordTrackingUpdateRequest,
  type RecordTrackingUpdateResponse,
  type TrackingServiceController,
  TrackingServiceControllerMethods,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { Controller } from '@nestjs/common';
import { GetDailyFollowUpHandler } from '../application/get-daily-follow-up.handler.js';
import { RecordTrackingUpdateHandler } from '../application/record-tracking-update.handler.js';

/** cs.aftersales.v1.TrackingService (查件): translation only. */
@Controller()
@TrackingServiceControllerMethods()
export class TrackingGrpcController implements TrackingServiceController {
  constructor(
    private readonly recordTrackingUpdateHandler: RecordTrackingUpdateHandler,
    private readonly getDailyFollowUpHandler: GetDailyFollowUpHandler,
  ) {}

  recordTrackingUpdate(request: RecordTrackingUpdateRequest): Promise<RecordTrackingUpdateResponse> {
    return this.recordTrackingUpdateHandler.execute(request);
  }

  getDailyFollowUp(request: GetDailyFollowUpRequest): Promise<GetDailyFollowUpResponse> {
    return this.getDailyFollowUpHandler.execute(request);
  }
}

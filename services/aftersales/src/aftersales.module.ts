import { blobStoreFrom } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { Module } from '@nestjs/common';
import type { AftersalesConfig } from './aftersales.config.js';
import { AftersalesGrpcController } from './api/aftersales.grpc.controller.js';
import { CareEventsController } from './api/care-events.controller.js';
import { ComplaintsEventsController } from './api/complaints-events.controller.js';
import { CourierFeedHttpController } from './api/courier-feed.http.controller.js';
import { InquiryEventsController } from './api/inquiry-events.controller.js';
import { OrdersEventsController } from './api/orders-events.controller.js';
import { ReviewsGrpcController } from './api/reviews.grpc.controller.js';
import { TrackingGrpcController } from './api/tracking.grpc.controller.js';
import { ApproveCaseHandler } from './application/approve-case.handler.js';
import { AttachEvidenceHandler } from './application/attach-evidence.handler.js';
import { CaseStepRunner } from './application/case-step.runner.js';
import { ChaseTaskScheduler } from './application/chase-task.scheduler.js';
import { CloseCaseHandler } from './application/close-case.handler.js';
import { CompleteCaseHandler } from './application/complete-case.handler.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { EvidenceStore } from './application/evidence.store.js';
import { GetCaseHandler } from './application/get-case.handler.js';
import { GetDailyFollowUpHandler } from './application/get-daily-follow-up.handler.js';
import { GetEvidenceHandler } from './application/get-evidence.handler.js';
import { GetReviewStatisticsHandler } from './application/get-review-statistics.handler.js';
import { InspectReturnedGoodsHandler } from './application/inspect-returned-goods.handler.js';
import { ListCasesHandler } from './application/list-cases.handler.js';
import { ListChaseTasksHandler } from './application/list-chase-tasks.handler.js';
import { ListDetailsChasesHandler } from './application/list-details-chases.handler.js';
import { ListReviewsHandler } from './application/list-reviews.handler.js';
import { OpenCaseHandler } from './application/open-case.handler.js';
import { OpenCaseFromComplaintsHandler } from './application/open-case-from-complaints.handler.js';
import { OpenCaseFromInquiryHandler } from './application/open-case-from-inquiry.handler.js';
import { OpenCaseFromOrdersHandler } from './application/open-case-from-orders.handler.js';
import { RecordChaseHandler } from './application/record-chase.handler.js';
import { RecordCourierEventHandler } from './application/record-courier-event.handler.js';
import { RecordRefundHandler } from './application/record-refund.handler.js';
import { RecordRepairReturnedHandler } from './application/record-repair-returned.handler.js';
import { RecordReviewHandler } from './application/record-review.handler.js';
import { RecordTrackingUpdateHandler } from './application/record-tracking-update.handler.js';
import { RegisterReturnWaybillHandler } from './application/register-return-waybill.handler.js';
import { ReimburseReturnPostageHandler } from './application/reimburse-return-postage.handler.js';
import { RejectCaseHandler } from './application/reject-case.handler.js';
import { ReplyToReviewHandler } from './application/reply-to-review.handler.js';
import { RequestCourierRecallHandler } from './application/request-courier-recall.handler.js';
import { ResolveChaseTaskHandler } from './application/resolve-chase-task.handler.js';
import { ResolveReviewFollowUpHandler } from './application/resolve-review-follow-up.handler.js';
import { SendForRepairHandler } from './application/send-for-repair.handler.js';
import { SetWantedItemHandler } from './application/set-wanted-item.handler.js';
import { ShipToCustomerHandler } from './application/ship-to-customer.handler.js';
import { SignInReturnedParcelHandler } from './application/sign-in-returned-parcel.handler.js';
import { VerifyEvidenceHandler } from './application/verify-evidence.handler.js';

/** After-sales and tracking (售后, 查件): cases of every kind, evidence, tracking, reviews; erasure on request. */
@Module({
  controllers: [
    AftersalesGrpcController,
    TrackingGrpcController,
    ReviewsGrpcController,
    OrdersEventsController,
    CareEventsController,
    ComplaintsEventsController,
    InquiryEventsController,
    CourierFeedHttpController,
  ],
  providers: [
    CaseStepRunner,
    // Evidence photos in S3, under BLOB_DIR, or as bytea rows in this service's evidence_objects table.
    {
      provide: EvidenceStore,
      inject: [CONFIG],
      useFactory: (config: AftersalesConfig): EvidenceStore => blobStoreFrom(config, 'evidence_objects'),
    },
    OpenCaseFromOrdersHandler,
    OpenCaseFromComplaintsHandler,
    OpenCaseFromInquiryHandler,
    ListDetailsChasesHandler,
    EraseCustomerHandler,
    RecordTrackingUpdateHandler,
    RecordCourierEventHandler,
    GetDailyFollowUpHandler,
    ChaseTaskScheduler,
    ListChaseTasksHandler,
    RecordChaseHandler,
    ResolveChaseTaskHandler,
    RecordReviewHandler,
    ReplyToReviewHandler,
    ResolveReviewFollowUpHandler,
    ListReviewsHandler,
    GetReviewStatisticsHandler,
    OpenCaseHandler,
    GetCaseHandler,
    ListCasesHandler,
    ApproveCaseHandler,
    RejectCaseHandler,
    AttachEvidenceHandler,
    GetEvidenceHandler,
    VerifyEvidenceHandler,
    RegisterReturnWaybillHandler,
    InspectReturnedGoodsHandler,
    RecordRefundHandler,
    ShipToCustomerHandler,
    RequestCourierRecallHandler,
    SignInReturnedParcelHandler,
    SendForRepairHandler,
    RecordRepairReturnedHandler,
    ReimburseReturnPostageHandler,
    CompleteCaseHandler,
    CloseCaseHandler,
    SetWantedItemHandler,
  ],
})
export class AftersalesModule {}

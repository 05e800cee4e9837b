import { Module } from '@nestjs/common';
import { AftersalesEventsController } from './api/aftersales-events.controller.js';
import { ComplaintsEventsController } from './api/complaints-events.controller.js';
import { CustomersGrpcController } from './api/customers.grpc.controller.js';
import { InquiryEventsController } from './api/inquiry-events.controller.js';
import { LoyaltyGrpcController } from './api/loyalty.grpc.controller.js';
import { OrdersEventsController } from './api/orders-events.controller.js';
import { PrivacyGrpcController } from './api/privacy.grpc.controller.js';
import { RevisitsGrpcController } from './api/revisits.grpc.controller.js';
import { SurveysGrpcController } from './api/surveys.grpc.controller.js';
import { AddCustomerNoteHandler } from './application/add-customer-note.handler.js';
import { AdjustPointsHandler } from './application/adjust-points.handler.js';
import { AftersalesProjection } from './application/aftersales-projection.js';
import { CareDueWorkRunner } from './application/care-due-work.runner.js';
import { ComplaintsProjection } from './application/complaints-projection.js';
import { CustomerFiguresUpdater } from './application/customer-figures.updater.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { GetCustomerProfileHandler } from './application/get-customer-profile.handler.js';
import { GetCustomerTimelineHandler } from './application/get-customer-timeline.handler.js';
import { GetLoyaltyAccountHandler } from './application/get-loyalty-account.handler.js';
import { InquiryProjection } from './application/inquiry-projection.js';
import { KeyCustomerRevisitsWork } from './application/key-customer-revisits.work.js';
import { ListCustomerSurveysHandler } from './application/list-customer-surveys.handler.js';
import { ListPointsLedgerHandler } from './application/list-points-ledger.handler.js';
import { ListRevisitsHandler } from './application/list-revisits.handler.js';
import { LoyaltyAccountReader } from './application/loyalty-account.reader.js';
import { NpsRoundWork } from './application/nps-round.work.js';
import { OrdersProjection } from './application/orders-projection.js';
import { RecordRevisitOutcomeHandler } from './application/record-revisit-outcome.handler.js';
import { RecordSurveyAnswerHandler } from './application/record-survey-answer.handler.js';
import { RevisitPlanner } from './application/revisit-planner.js';
import { ScheduleRevisitHandler } from './application/schedule-revisit.handler.js';
import { StartNpsRoundHandler } from './application/start-nps-round.handler.js';
import { SurveySender } from './application/survey-sender.js';
import { UpdateCustomerProfileHandler } from './application/update-customer-profile.handler.js';
import { campaignsControllers, campaignsProviders } from './campaigns.providers.js';
import { AftersalesClient } from './infrastructure/aftersales.client.js';
import { ComplaintsClient } from './infrastructure/complaints.client.js';
import { ConversationFactsStore } from './infrastructure/conversation-facts.store.js';
import { ErasureRequestStore } from './infrastructure/erasure-request.store.js';
import { LoyaltyStore } from './infrastructure/loyalty.store.js';
import { OrderFactsStore } from './infrastructure/order-facts.store.js';
import { ProfileStore } from './infrastructure/profile.store.js';
import { RevisitStore } from './infrastructure/revisit.store.js';
import { SurveyStore } from './infrastructure/survey.store.js';
import { TimelineStore } from './infrastructure/timeline.store.js';

/**
 * Customer care (客户关怀): profiles and timeline projected from every service's events, loyalty,
 * revisits, surveys; erasure requests (PIPL).
 */
@Module({
  controllers: [
    PrivacyGrpcController,
    CustomersGrpcController,
    LoyaltyGrpcController,
    RevisitsGrpcController,
    SurveysGrpcController,
    OrdersEventsController,
    InquiryEventsController,
    AftersalesEventsController,
    ComplaintsEventsController,
    ...campaignsControllers,
  ],
  providers: [
    EraseCustomerHandler,
    ErasureRequestStore,
    ProfileStore,
    OrderFactsStore,
    ConversationFactsStore,
    TimelineStore,
    LoyaltyStore,
    RevisitStore,
    SurveyStore,
    ComplaintsClient,
    AftersalesClient,
    CustomerFiguresUpdater,
    RevisitPlanner,
    SurveySender,
    LoyaltyAccountReader,
    OrdersProjection,
    InquiryProjection,
    AftersalesProjection,
    ComplaintsProjection,
    KeyCustomerRevisitsWork,
    NpsRoundWork,
    CareDueWorkRunner,
    GetCustomerProfileHandler,
    GetCustomerTimelineHandler,
    UpdateCustomerProfileHandler,
    AddCustomerNoteHandler,
    GetLoyaltyAccountHandler,
    ListPointsLedgerHandler,
    AdjustPointsHandler,
    ListRevisitsHandler,
    ScheduleRevisitHandler,
    RecordRevisitOutcomeHandler,
    ListCustomerSurveysHandler,
    RecordSurveyAnswerHandler,
    StartNpsRoundHandler,
    ...campaignsProviders,
  ],
})
export class CareModule {}

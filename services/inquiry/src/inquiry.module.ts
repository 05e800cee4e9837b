import { Module } from '@nestjs/common';
import { AgentsGrpcController } from './api/agents.grpc.controller.js';
import { CareEventsController } from './api/care-events.controller.js';
import { ComplaintsEventsController } from './api/complaints-events.controller.js';
import { ConversationKnowledgeGrpcController } from './api/conversation-knowledge.grpc.controller.js';
import { ConversationsGrpcController } from './api/conversations.grpc.controller.js';
import { DeskGrpcController } from './api/desk.grpc.controller.js';
import { KnowledgeEventsController } from './api/knowledge-events.controller.js';
import { OrdersEventsController } from './api/orders-events.controller.js';
import { ReportsGrpcController } from './api/reports.grpc.controller.js';
import { ReportsCsvHttpController } from './api/reports-csv.http.controller.js';
import { RulesGrpcController } from './api/rules.grpc.controller.js';
import { AddNoteHandler } from './application/add-note.handler.js';
import { AddWorkLogEntryHandler } from './application/add-work-log-entry.handler.js';
import { AdvanceScriptStageHandler } from './application/advance-script-stage.handler.js';
import { AttributeSaleHandler } from './application/attribute-sale.handler.js';
import { ClassifyConversationHandler } from './application/classify-conversation.handler.js';
import { CloseConversationHandler } from './application/close-conversation.handler.js';
import { CompleteFollowUpTaskHandler } from './application/complete-follow-up-task.handler.js';
import { ConfirmOrderHandler } from './application/confirm-order.handler.js';
import { ConversationReader } from './application/conversation.reader.js';
import { ConversationFiguresLoader } from './application/conversation-figures.loader.js';
import { DeleteClassificationRuleHandler } from './application/delete-classification-rule.handler.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { EscalateConversationHandler } from './application/escalate-conversation.handler.js';
import { ExportConversationsHandler } from './application/export-conversations.handler.js';
import { FrontLineScheduler } from './application/front-line.scheduler.js';
import { GetAgentHandler } from './application/get-agent.handler.js';
import { GetConversationHandler } from './application/get-conversation.handler.js';
import { GetDailyWorkLogHandler } from './application/get-daily-work-log.handler.js';
import { GetFeedbackReportHandler } from './application/get-feedback-report.handler.js';
import { GetReportHandler } from './application/get-report.handler.js';
import { HandOverShiftHandler } from './application/hand-over-shift.handler.js';
import { IngestMessageHandler } from './application/ingest-message.handler.js';
import { ListClassificationRulesHandler } from './application/list-classification-rules.handler.js';
import { ListConversationSuggestionsHandler } from './application/list-conversation-suggestions.handler.js';
import { ListConversationsHandler } from './application/list-conversations.handler.js';
import { ListFollowUpTasksHandler } from './application/list-follow-up-tasks.handler.js';
import { ListHandoversHandler } from './application/list-handovers.handler.js';
import { ListQueueHandler } from './application/list-queue.handler.js';
import { ListReplyChecksHandler } from './application/list-reply-checks.handler.js';
import { ListSlaPoliciesHandler } from './application/list-sla-policies.handler.js';
import { OrdersEventsHandler } from './application/orders-events.handler.js';
import { PostComplaintAcknowledgementHandler } from './application/post-complaint-acknowledgement.handler.js';
import { PutClassificationRuleHandler } from './application/put-classification-rule.handler.js';
import { PutSlaPolicyHandler } from './application/put-sla-policy.handler.js';
import { RegisterAgentHandler } from './application/register-agent.handler.js';
import { RegisterProductFeedbackHandler } from './application/register-product-feedback.handler.js';
import { ReplyCheckGate } from './application/reply-check.gate.js';
import { ReplyToCustomerHandler } from './application/reply-to-customer.handler.js';
import { RequestAddressChangeHandler } from './application/request-address-change.handler.js';
import { RequestAttributeChangeHandler } from './application/request-attribute-change.handler.js';
import { RequestCancellationHandler } from './application/request-cancellation.handler.js';
import { SetPresenceHandler } from './application/set-presence.handler.js';
import { StoreSuggestionsHandler } from './application/store-suggestions.handler.js';
import { TestClassificationHandler } from './application/test-classification.handler.js';
import { TransferConversationHandler } from './application/transfer-conversation.handler.js';
import { UpdateRecordHandler } from './application/update-record.handler.js';
import { InquiryCommands } from './infrastructure/inquiry-commands.js';
import { KnowledgeClient } from './infrastructure/knowledge.client.js';
import { OrdersClient } from './infrastructure/orders.client.js';
import { ReplyCheckStore } from './infrastructure/reply-check.store.js';
import { SuggestionStore } from './infrastructure/suggestion.store.js';

@Module({
  controllers: [
    ConversationsGrpcController,
    AgentsGrpcController,
    RulesGrpcController,
    DeskGrpcController,
    ReportsGrpcController,
    ReportsCsvHttpController,
    OrdersEventsController,
    CareEventsController,
    ConversationKnowledgeGrpcController,
    KnowledgeEventsController,
    ComplaintsEventsController,
  ],
  providers: [
    InquiryCommands,
    OrdersClient,
    KnowledgeClient,
    ReplyCheckStore,
    ReplyCheckGate,
    SuggestionStore,
    StoreSuggestionsHandler,
    ListConversationSuggestionsHandler,
    ListReplyChecksHandler,
    ConversationReader,
    ConversationFiguresLoader,
    IngestMessageHandler,
    GetConversationHandler,
    ListConversationsHandler,
    ReplyToCustomerHandler,
    AddNoteHandler,
    UpdateRecordHandler,
    ClassifyConversationHandler,
    TransferConversationHandler,
    EscalateConversationHandler,
    CloseConversationHandler,
    ConfirmOrderHandler,
    RequestAddressChangeHandler,
    RequestAttributeChangeHandler,
    RequestCancellationHandler,
    AdvanceScriptStageHandler,
    AttributeSaleHandler,
    RegisterAgentHandler,
    SetPresenceHandler,
    GetAgentHandler,
    ListQueueHandler,
    PutClassificationRuleHandler,
    DeleteClassificationRuleHandler,
    ListClassificationRulesHandler,
    TestClassificationHandler,
    PutSlaPolicyHandler,
    ListSlaPoliciesHandler,
    GetReportHandler,
    ExportConversationsHandler,
    ListFollowUpTasksHandler,
    CompleteFollowUpTaskHandler,
    HandOverShiftHandler,
    ListHandoversHandler,
    RegisterProductFeedbackHandler,
    GetFeedbackReportHandler,
    AddWorkLogEntryHandler,
    GetDailyWorkLogHandler,
    OrdersEventsHandler,
    EraseCustomerHandler,
    PostComplaintAcknowledgementHandler,
    FrontLineScheduler,
  ],
})
export class InquiryModule {}

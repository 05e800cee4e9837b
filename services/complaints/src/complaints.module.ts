import { PostgresBlobStore } from '@cs/persistence';
import { Module } from '@nestjs/common';
import { AftersalesEventsController } from './api/aftersales-events.controller.js';
import { CareEventsController } from './api/care-events.controller.js';
import { ComplaintReportsGrpcController } from './api/complaint-reports.grpc.controller.js';
import { ComplaintReportsCsvHttpController } from './api/complaint-reports-csv.http.controller.js';
import { ComplaintsGrpcController } from './api/complaints.grpc.controller.js';
import { IncidentsGrpcController } from './api/incidents.grpc.controller.js';
import { InquiryEventsController } from './api/inquiry-events.controller.js';
import { RootCausesGrpcController } from './api/root-causes.grpc.controller.js';
import { AssignComplaintHandler } from './application/assign-complaint.handler.js';
import { AttachEvidenceHandler } from './application/attach-evidence.handler.js';
import { CloseIncidentHandler } from './application/close-incident.handler.js';
import { ComplaintOpening } from './application/complaint-opening.js';
import { ComplaintStepRunner } from './application/complaint-step.runner.js';
import { CompleteVerificationHandler } from './application/complete-verification.handler.js';
import { ConfirmResultHandler } from './application/confirm-result.handler.js';
import { DeadlineSweep } from './application/deadline-sweep.js';
import { DefineRootCauseHandler } from './application/define-root-cause.handler.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { EscalateComplaintHandler } from './application/escalate-complaint.handler.js';
import { EvidenceStore } from './application/evidence.store.js';
import { ExportComplaintReportHandler } from './application/export-complaint-report.handler.js';
import { ExportScoreSheetHandler } from './application/export-score-sheet.handler.js';
import { FollowAftersalesCaseHandler } from './application/follow-aftersales-case.handler.js';
import { GetComplaintHandler } from './application/get-complaint.handler.js';
import { GetComplaintReportHandler } from './application/get-complaint-report.handler.js';
import { GetEvidenceHandler } from './application/get-evidence.handler.js';
import { GetIncidentHandler } from './application/get-incident.handler.js';
import { GetScoreSheetHandler } from './application/get-score-sheet.handler.js';
import { IncidentDetection } from './application/incident-detection.js';
import { ListComplaintsHandler } from './application/list-complaints.handler.js';
import { ListIncidentsHandler } from './application/list-incidents.handler.js';
import { ListRootCausesHandler } from './application/list-root-causes.handler.js';
import { OpenComplaintHandler } from './application/open-complaint.handler.js';
import { OpenComplaintFromConversationHandler } from './application/open-complaint-from-conversation.handler.js';
import { PenaltyAssessment } from './application/penalty-assessment.js';
import { ProposeRemediesHandler } from './application/propose-remedies.handler.js';
import { ProposeRemediesToIncidentHandler } from './application/propose-remedies-to-incident.handler.js';
import { RecordAnalysisHandler } from './application/record-analysis.handler.js';
import { RecordCompensationHandler } from './application/record-compensation.handler.js';
import { RecordCustomerChoiceHandler } from './application/record-customer-choice.handler.js';
import { RecordEvaluationHandler } from './application/record-evaluation.handler.js';
import { RecordFactsHandler } from './application/record-facts.handler.js';
import { RecordImprovementProposalHandler } from './application/record-improvement-proposal.handler.js';
import { RetireRootCauseHandler } from './application/retire-root-cause.handler.js';
import { StepDeadlines } from './application/step-deadlines.js';

/** The complaint desk (投诉处理): the file's seven steps, root causes, deadlines, incidents, penalties and reports. */
@Module({
  controllers: [
    ComplaintsGrpcController,
    RootCausesGrpcController,
    InquiryEventsController,
    AftersalesEventsController,
    CareEventsController,
    IncidentsGrpcController,
    ComplaintReportsGrpcController,
    ComplaintReportsCsvHttpController,
  ],
  providers: [
    StepDeadlines,
    ComplaintStepRunner,
    ComplaintOpening,
    // Evidence photos as bytea rows in this service's own evidence_objects table.
    { provide: EvidenceStore, useValue: new PostgresBlobStore('evidence_objects') satisfies EvidenceStore },
    OpenComplaintHandler,
    OpenComplaintFromConversationHandler,
    FollowAftersalesCaseHandler,
    GetComplaintHandler,
    ListComplaintsHandler,
    AssignComplaintHandler,
    RecordFactsHandler,
    AttachEvidenceHandler,
    GetEvidenceHandler,
    CompleteVerificationHandler,
    RecordAnalysisHandler,
    ProposeRemediesHandler,
    RecordCustomerChoiceHandler,
    RecordCompensationHandler,
    ConfirmResultHandler,
    RecordEvaluationHandler,
    EscalateComplaintHandler,
    ListRootCausesHandler,
    DefineRootCauseHandler,
    RetireRootCauseHandler,
    EraseCustomerHandler,
    PenaltyAssessment,
    IncidentDetection,
    DeadlineSweep,
    ListIncidentsHandler,
    GetIncidentHandler,
    ProposeRemediesToIncidentHandler,
    CloseIncidentHandler,
    GetScoreSheetHandler,
    GetComplaintReportHandler,
    RecordImprovementProposalHandler,
    ExportScoreSheetHandler,
    ExportComplaintReportHandler,
  ],
})
export class ComplaintsModule {}

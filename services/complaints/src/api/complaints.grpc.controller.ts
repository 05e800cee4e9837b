import { actorOf, agentRefOf } from '@cs/auth';
import {
  type AssignComplaintRequest,
  type AssignComplaintResponse,
  type AttachEvidenceRequest,
  type AttachEvidenceResponse,
  type ComplaintsServiceController,
  ComplaintsServiceControllerMethods,
  type CompleteVerificationRequest,
  type CompleteVerificationResponse,
  type ConfirmResultRequest,
  type ConfirmResultResponse,
  type EscalateComplaintRequest,
  type EscalateComplaintResponse,
  type GetComplaintRequest,
  type GetComplaintResponse,
  type GetEvidenceRequest,
  type GetEvidenceResponse,
  type ListComplaintsRequest,
  type ListComplaintsResponse,
  type OpenComplaintRequest,
  type OpenComplaintResponse,
  type ProposeRemediesRequest,
  type ProposeRemediesResponse,
  type RecordAnalysisRequest,
  type RecordAnalysisResponse,
  type RecordCompensationRequest,
  type RecordCompensationResponse,
  type RecordCustomerChoiceRequest,
  type RecordCustomerChoiceResponse,
  type RecordEvaluationRequest,
  type RecordEvaluationResponse,
  type RecordFactsRequest,
  type RecordFactsResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AssignComplaintHandler } from '../application/assign-complaint.handler.js';
import { AttachEvidenceHandler } from '../application/attach-evidence.handler.js';
import { CompleteVerificationHandler } from '../application/complete-verification.handler.js';
import { ConfirmResultHandler } from '../application/confirm-result.handler.js';
import { EscalateComplaintHandler } from '../application/escalate-complaint.handler.js';
import { GetComplaintHandler } from '../application/get-complaint.handler.js';
import { GetEvidenceHandler } from '../application/get-evidence.handler.js';
import { ListComplaintsHandler } from '../application/list-complaints.handler.js';
import { OpenComplaintHandler } from '../application/open-complaint.handler.js';
import { ProposeRemediesHandler } from '../application/propose-remedies.handler.js';
import { RecordAnalysisHandler } from '../application/record-analysis.handler.js';
import { RecordCompensationHandler } from '../application/record-compensation.handler.js';
import { RecordCustomerChoiceHandler } from '../application/record-customer-choice.handler.js';
import { RecordEvaluationHandler } from '../application/record-evaluation.handler.js';
import { RecordFactsHandler } from '../application/record-facts.handler.js';

/**
 * cs.complaints.v1.ComplaintsService over gRPC (and, through the gateway, HTTP/JSON): translation only.
 * Commands take their idempotency key from the request or the `idempotency-key` metadata/header, and
 * their actor from the verified token, never from the body.
 */
@Controller()
@ComplaintsServiceControllerMethods()
export class ComplaintsGrpcController implements ComplaintsServiceController {
  constructor(
    private readonly openHandler: OpenComplaintHandler,
    private readonly getHandler: GetComplaintHandler,
    private readonly listHandler: ListComplaintsHandler,
    private readonly assignHandler: AssignComplaintHandler,
    private readonly factsHandler: RecordFactsHandler,
    private readonly attachEvidenceHandler: AttachEvidenceHandler,
    private readonly getEvidenceHandler: GetEvidenceHandler,
    private readonly verificationHandler: CompleteVerificationHandler,
    private readonly analysisHandler: RecordAnalysisHandler,
    private readonly proposeHandler: ProposeRemediesHandler,
    private readonly choiceHandler: RecordCustomerChoiceHandler,
    private readonly compensationHandler: RecordCompensationHandler,
    private readonly confirmHandler: ConfirmResultHandler,
    private readonly evaluationHandler: RecordEvaluationHandler,
    private readonly escalateHandler: EscalateComplaintHandler,
  ) {}

  openComplaint(request: OpenComplaintRequest, metadata?: Metadata): Promise<OpenComplaintResponse> {
    return this.openHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getComplaint(request: GetComplaintRequest): Promise<GetComplaintResponse> {
    return this.getHandler.execute(request);
  }

  listComplaints(request: ListComplaintsRequest): Promise<ListComplaintsResponse> {
    return this.listHandler.execute(request);
  }

  assignComplaint(request: AssignComplaintRequest, metadata?: Metadata): Promise<AssignComplaintResponse> {
    return this.assignHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  recordFacts(request: RecordFactsRequest, metadata?: Metadata): Promise<RecordFactsResponse> {
    return this.factsHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  attachEvidence(request: AttachEvidenceRequest, metadata?: Metadata): Promise<AttachEvidenceResponse> {
    return this.attachEvidenceHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getEvidence(request: GetEvidenceRequest): Promise<GetEvidenceResponse> {
    return this.getEvidenceHandler.execute(request);
  }

  completeVerification(
    request: CompleteVerificationRequest,
    metadata?: Metadata,
  ): Promise<CompleteVerificationResponse> {
    return this.verificationHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordAnalysis(request: RecordAnalysisRequest, metadata?: Metadata): Promise<RecordAnalysisResponse> {
    return this.analysisHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  proposeRemedies(request: ProposeRemediesRequest, metadata?: Metadata): Promise<ProposeRemediesResponse> {
    return this.proposeHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordCustomerChoice(
    request: RecordCustomerChoiceRequest,
    metadata?: Metadata,
  ): Promise<RecordCustomerChoiceResponse> {
    return this.choiceHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordCompensation(request: RecordCompensationRequest, metadata?: Metadata): Promise<RecordCompensationResponse> {
    return this.compensationHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  confirmResult(request: ConfirmResultRequest, metadata?: Metadata): Promise<ConfirmResultResponse> {
    return this.confirmHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordEvaluation(request: RecordEvaluationRequest, metadata?: Metadata): Promise<RecordEvaluationResponse> {
    return this.evaluationHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  escalateComplaint(request: EscalateComplaintRequest, metadata?: Metadata): Promise<EscalateComplaintResponse> {
    return this.escalateHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

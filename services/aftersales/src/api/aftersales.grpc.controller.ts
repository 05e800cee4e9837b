import { actorOf, agentRefOf } from '@cs/auth';
import {
  type AftersalesServiceController,
  AftersalesServiceControllerMethods,
  type ApproveCaseRequest,
  type ApproveCaseResponse,
  type AttachEvidenceRequest,
  type AttachEvidenceResponse,
  type CloseCaseRequest,
  type CloseCaseResponse,
  type CompleteCaseRequest,
  type CompleteCaseResponse,
  type GetCaseRequest,
  type GetCaseResponse,
  type GetEvidenceRequest,
  type GetEvidenceResponse,
  type InspectReturnedGoodsRequest,
  type InspectReturnedGoodsResponse,
  type ListCasesRequest,
  type ListCasesResponse,
  type ListDetailsChasesRequest,
  type ListDetailsChasesResponse,
  type OpenCaseRequest,
  type OpenCaseResponse,
  type RecordRefundRequest,
  type RecordRefundResponse,
  type RecordRepairReturnedRequest,
  type RecordRepairReturnedResponse,
  type RegisterReturnWaybillRequest,
  type RegisterReturnWaybillResponse,
  type ReimburseReturnPostageRequest,
  type ReimburseReturnPostageResponse,
  type RejectCaseRequest,
  type RejectCaseResponse,
  type RequestCourierRecallRequest,
  type RequestCourierRecallResponse,
  type SendForRepairRequest,
  type SendForRepairResponse,
  type SetWantedItemRequest,
  type SetWantedItemResponse,
  type ShipToCustomerRequest,
  type ShipToCustomerResponse,
  type SignInReturnedParcelRequest,
  type SignInReturnedParcelResponse,
  type VerifyEvidenceRequest,
  type VerifyEvidenceResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ApproveCaseHandler } from '../application/approve-case.handler.js';
import { AttachEvidenceHandler } from '../application/attach-evidence.handler.js';
import { CloseCaseHandler } from '../application/close-case.handler.js';
import { CompleteCaseHandler } from '../application/complete-case.handler.js';
import { GetCaseHandler } from '../application/get-case.handler.js';
import { GetEvidenceHandler } from '../application/get-evidence.handler.js';
import { InspectReturnedGoodsHandler } from '../application/inspect-returned-goods.handler.js';
import { ListCasesHandler } from '../application/list-cases.handler.js';
import { ListDetailsChasesHandler } from '../application/list-details-chases.handler.js';
import { OpenCaseHandler } from '../application/open-case.handler.js';
import { RecordRefundHandler } from '../application/record-refund.handler.js';
import { RecordRepairReturnedHandler } from '../application/record-repair-returned.handler.js';
import { RegisterReturnWaybillHandler } from '../application/register-return-waybill.handler.js';
import { ReimburseReturnPostageHandler } from '../application/reimburse-return-postage.handler.js';
import { RejectCaseHandler } from '../application/reject-case.handler.js';
import { RequestCourierRecallHandler } from '../application/request-courier-recall.handler.js';
import { SendForRepairHandler } from '../application/send-for-repair.handler.js';
import { SetWantedItemHandler } from '../application/set-wanted-item.handler.js';
import { ShipToCustomerHandler } from '../application/ship-to-customer.handler.js';
import { SignInReturnedParcelHandler } from '../application/sign-in-returned-parcel.handler.js';
import { VerifyEvidenceHandler } from '../application/verify-evidence.handler.js';

/**
 * cs.aftersales.v1.AftersalesService over gRPC (and, through the gateway, HTTP/JSON): translation only.
 * Commands take their idempotency key from the request or the `idempotency-key` metadata/header, and
 * their actor from the verified token (the guard put it on the metadata), never from the body.
 */
@Controller()
@AftersalesServiceControllerMethods()
export class AftersalesGrpcController implements AftersalesServiceController {
  constructor(
    private readonly openCaseHandler: OpenCaseHandler,
    private readonly getCaseHandler: GetCaseHandler,
    private readonly listCasesHandler: ListCasesHandler,
    private readonly listDetailsChasesHandler: ListDetailsChasesHandler,
    private readonly approveCaseHandler: ApproveCaseHandler,
    private readonly rejectCaseHandler: RejectCaseHandler,
    private readonly attachEvidenceHandler: AttachEvidenceHandler,
    private readonly getEvidenceHandler: GetEvidenceHandler,
    private readonly verifyEvidenceHandler: VerifyEvidenceHandler,
    private readonly registerReturnWaybillHandler: RegisterReturnWaybillHandler,
    private readonly inspectReturnedGoodsHandler: InspectReturnedGoodsHandler,
    private readonly recordRefundHandler: RecordRefundHandler,
    private readonly shipToCustomerHandler: ShipToCustomerHandler,
    private readonly requestCourierRecallHandler: RequestCourierRecallHandler,
    private readonly signInReturnedParcelHandler: SignInReturnedParcelHandler,
    private readonly sendForRepairHandler: SendForRepairHandler,
    private readonly recordRepairReturnedHandler: RecordRepairReturnedHandler,
    private readonly reimburseReturnPostageHandler: ReimburseReturnPostageHandler,
    private readonly completeCaseHandler: CompleteCaseHandler,
    private readonly closeCaseHandler: CloseCaseHandler,
    private readonly setWantedItemHandler: SetWantedItemHandler,
  ) {}

  openCase(request: OpenCaseRequest, metadata?: Metadata): Promise<OpenCaseResponse> {
    return this.openCaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getCase(request: GetCaseRequest): Promise<GetCaseResponse> {
    return this.getCaseHandler.execute(request);
  }

  listDetailsChases(request: ListDetailsChasesRequest): Promise<ListDetailsChasesResponse> {
    return this.listDetailsChasesHandler.execute(request);
  }

  listCases(request: ListCasesRequest): Promise<ListCasesResponse> {
    return this.listCasesHandler.execute(request);
  }

  approveCase(request: ApproveCaseRequest, metadata?: Metadata): Promise<ApproveCaseResponse> {
    return this.approveCaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  rejectCase(request: RejectCaseRequest, metadata?: Metadata): Promise<RejectCaseResponse> {
    return this.rejectCaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  attachEvidence(request: AttachEvidenceRequest, metadata?: Metadata): Promise<AttachEvidenceResponse> {
    return this.attachEvidenceHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  getEvidence(request: GetEvidenceRequest): Promise<GetEvidenceResponse> {
    return this.getEvidenceHandler.execute(request);
  }

  verifyEvidence(request: VerifyEvidenceRequest, metadata?: Metadata): Promise<VerifyEvidenceResponse> {
    return this.verifyEvidenceHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  registerReturnWaybill(
    request: RegisterReturnWaybillRequest,
    metadata?: Metadata,
  ): Promise<RegisterReturnWaybillResponse> {
    return this.registerReturnWaybillHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  inspectReturnedGoods(
    request: InspectReturnedGoodsRequest,
    metadata?: Metadata,
  ): Promise<InspectReturnedGoodsResponse> {
    return this.inspectReturnedGoodsHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordRefund(request: RecordRefundRequest, metadata?: Metadata): Promise<RecordRefundResponse> {
    return this.recordRefundHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  shipToCustomer(request: ShipToCustomerRequest, metadata?: Metadata): Promise<ShipToCustomerResponse> {
    return this.shipToCustomerHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  requestCourierRecall(
    request: RequestCourierRecallRequest,
    metadata?: Metadata,
  ): Promise<RequestCourierRecallResponse> {
    return this.requestCourierRecallHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  signInReturnedParcel(
    request: SignInReturnedParcelRequest,
    metadata?: Metadata,
  ): Promise<SignInReturnedParcelResponse> {
    return this.signInReturnedParcelHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  sendForRepair(request: SendForRepairRequest, metadata?: Metadata): Promise<SendForRepairResponse> {
    return this.sendForRepairHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordRepairReturned(
    request: RecordRepairReturnedRequest,
    metadata?: Metadata,
  ): Promise<RecordRepairReturnedResponse> {
    return this.recordRepairReturnedHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  reimburseReturnPostage(
    request: ReimburseReturnPostageRequest,
    metadata?: Metadata,
  ): Promise<ReimburseReturnPostageResponse> {
    return this.reimburseReturnPostageHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  completeCase(request: CompleteCaseRequest, metadata?: Metadata): Promise<CompleteCaseResponse> {
    return this.completeCaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  closeCase(request: CloseCaseRequest, metadata?: Metadata): Promise<CloseCaseResponse> {
    return this.closeCaseHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  setWantedItem(request: SetWantedItemRequest, metadata?: Metadata): Promise<SetWantedItemResponse> {
    return this.setWantedItemHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

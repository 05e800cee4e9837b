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
  type ShipToCustomerRequest,
  type ShipToCustomerResponse,
  type SignInReturnedParcelRequest,
  type SignInReturnedParcelResponse,
  type VerifyEvidenceRequest,
  type VerifyEvidenceResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
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
import { OpenCaseHandler } from '../application/open-case.handler.js';
import { RecordRefundHandler } from '../application/record-refund.handler.js';
import { RecordRepairReturnedHandler } from '../application/record-repair-returned.handler.js';
import { RegisterReturnWaybillHandler } from '../application/register-return-waybill.handler.js';
import { ReimburseReturnPostageHandler } from '../application/reimburse-return-postage.handler.js';
import { RejectCaseHandler } from '../application/reject-case.handler.js';
import { RequestCourierRecallHandler } from '../application/request-courier-recall.handler.js';
import { SendForRepairHandler } from '../application/send-for-repair.handler.js';
import { ShipToCustomerHandler } from '../application/ship-to-customer.handler.js';
import { SignInReturnedParcelHandler } from '../application/sign-in-returned-parcel.handler.js';
import { VerifyEvidenceHandler } from '../application/verify-evidence.handler.js';

/** cs.aftersales.v1.AftersalesService over gRPC (and, through the gateway, HTTP/JSON): translation only. */
@Controller()
@AftersalesServiceControllerMethods()
export class AftersalesGrpcController implements AftersalesServiceController {
  constructor(
    private readonly openCaseHandler: OpenCaseHandler,
    private readonly getCaseHandler: GetCaseHandler,
    private readonly listCasesHandler: ListCasesHandler,
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
  ) {}

  /** The idempotency key may also come as `idempotency-key` metadata (the HTTP header of that name). */
  openCase(request: OpenCaseRequest, metadata?: Metadata): Promise<OpenCaseResponse> {
    const keyFromMetadata = metadata?.get('idempotency-key')[0];
    const idempotencyKey = request.idempotencyKey || (typeof keyFromMetadata === 'string' ? keyFromMetadata : '');
    return this.openCaseHandler.execute({ ...request, idempotencyKey });
  }

  getCase(request: GetCaseRequest): Promise<GetCaseResponse> {
    return this.getCaseHandler.execute(request);
  }

  listCases(request: ListCasesRequest): Promise<ListCasesResponse> {
    return this.listCasesHandler.execute(request);
  }

  approveCase(request: ApproveCaseRequest): Promise<ApproveCaseResponse> {
    return this.approveCaseHandler.execute(request);
  }

  rejectCase(request: RejectCaseRequest): Promise<RejectCaseResponse> {
    return this.rejectCaseHandler.execute(request);
  }

  attachEvidence(request: AttachEvidenceRequest): Promise<AttachEvidenceResponse> {
    return this.attachEvidenceHandler.execute(request);
  }

  getEvidence(request: GetEvidenceRequest): Promise<GetEvidenceResponse> {
    return this.getEvidenceHandler.execute(request);
  }

  verifyEvidence(request: VerifyEvidenceRequest): Promise<VerifyEvidenceResponse> {
    return this.verifyEvidenceHandler.execute(request);
  }

  registerReturnWaybill(request: RegisterReturnWaybillRequest): Promise<RegisterReturnWaybillResponse> {
    return this.registerReturnWaybillHandler.execute(request);
  }

  inspectReturnedGoods(request: InspectReturnedGoodsRequest): Promise<InspectReturnedGoodsResponse> {
    return this.inspectReturnedGoodsHandler.execute(request);
  }

  recordRefund(request: RecordRefundRequest): Promise<RecordRefundResponse> {
    return this.recordRefundHandler.execute(request);
  }

  shipToCustomer(request: ShipToCustomerRequest): Promise<ShipToCustomerResponse> {
    return this.shipToCustomerHandler.execute(request);
  }

  requestCourierRecall(request: RequestCourierRecallRequest): Promise<RequestCourierRecallResponse> {
    return this.requestCourierRecallHandler.execute(request);
  }

  signInReturnedParcel(request: SignInReturnedParcelRequest): Promise<SignInReturnedParcelResponse> {
    return this.signInReturnedParcelHandler.execute(request);
  }

  sendForRepair(request: SendForRepairRequest): Promise<SendForRepairResponse> {
    return this.sendForRepairHandler.execute(request);
  }

  recordRepairReturned(request: RecordRepairReturnedRequest): Promise<RecordRepairReturnedResponse> {
    return this.recordRepairReturnedHandler.execute(request);
  }

  reimburseReturnPostage(request: ReimburseReturnPostageRequest): Promise<ReimburseReturnPostageResponse> {
    return this.reimburseReturnPostageHandler.execute(request);
  }

  completeCase(request: CompleteCaseRequest): Promise<CompleteCaseResponse> {
    return this.completeCaseHandler.execute(request);
  }

  closeCase(request: CloseCaseRequest): Promise<CloseCaseResponse> {
    return this.closeCaseHandler.execute(request);
  }
}

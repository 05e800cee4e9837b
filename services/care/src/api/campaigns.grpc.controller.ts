import { actorOf } from '@cs/auth';
import {
  type CampaignsServiceController,
  CampaignsServiceControllerMethods,
  type CreateCampaignRequest,
  type CreateCampaignResponse,
  type DefineSegmentRequest,
  type DefineSegmentResponse,
  type GetCampaignRunRequest,
  type GetCampaignRunResponse,
  type PreviewSegmentRequest,
  type PreviewSegmentResponse,
  type RecordCustomerInterestRequest,
  type RecordCustomerInterestResponse,
  type RecordDeliveryReceiptRequest,
  type RecordDeliveryReceiptResponse,
  type SendTransactionalMessageRequest,
  type SendTransactionalMessageResponse,
  type StartCampaignRunRequest,
  type StartCampaignRunResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { CreateCampaignHandler } from '../application/create-campaign.handler.js';
import { DefineSegmentHandler } from '../application/define-segment.handler.js';
import { GetCampaignRunHandler } from '../application/get-campaign-run.handler.js';
import { PreviewSegmentHandler } from '../application/preview-segment.handler.js';
import { RecordCustomerInterestHandler } from '../application/record-customer-interest.handler.js';
import { RecordDeliveryReceiptHandler } from '../application/record-delivery-receipt.handler.js';
import { SendTransactionalMessageHandler } from '../application/send-transactional-message.handler.js';
import { StartCampaignRunHandler } from '../application/start-campaign-run.handler.js';

/** cs.care.v1.CampaignsService: translation only; the actor of a command is the verified caller. */
@Controller()
@CampaignsServiceControllerMethods()
export class CampaignsGrpcController implements CampaignsServiceController {
  constructor(
    private readonly defineSegmentHandler: DefineSegmentHandler,
    private readonly previewSegmentHandler: PreviewSegmentHandler,
    private readonly createCampaignHandler: CreateCampaignHandler,
    private readonly startCampaignRunHandler: StartCampaignRunHandler,
    private readonly getCampaignRunHandler: GetCampaignRunHandler,
    private readonly sendTransactionalMessageHandler: SendTransactionalMessageHandler,
    private readonly recordDeliveryReceiptHandler: RecordDeliveryReceiptHandler,
    private readonly recordCustomerInterestHandler: RecordCustomerInterestHandler,
  ) {}

  defineSegment(request: DefineSegmentRequest, metadata?: Metadata): Promise<DefineSegmentResponse> {
    return this.defineSegmentHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  previewSegment(request: PreviewSegmentRequest): Promise<PreviewSegmentResponse> {
    return this.previewSegmentHandler.execute(request);
  }

  createCampaign(request: CreateCampaignRequest, metadata?: Metadata): Promise<CreateCampaignResponse> {
    return this.createCampaignHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  startCampaignRun(request: StartCampaignRunRequest, metadata?: Metadata): Promise<StartCampaignRunResponse> {
    return this.startCampaignRunHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  getCampaignRun(request: GetCampaignRunRequest): Promise<GetCampaignRunResponse> {
    return this.getCampaignRunHandler.execute(request);
  }

  sendTransactionalMessage(
    request: SendTransactionalMessageRequest,
    metadata?: Metadata,
  ): Promise<SendTransactionalMessageResponse> {
    return this.sendTransactionalMessageHandler.execute(withIdempotencyKey(request, metadata));
  }

  recordDeliveryReceipt(request: RecordDeliveryReceiptRequest): Promise<RecordDeliveryReceiptResponse> {
    return this.recordDeliveryReceiptHandler.execute(request);
  }

  recordCustomerInterest(
    request: RecordCustomerInterestRequest,
    metadata?: Metadata,
  ): Promise<RecordCustomerInterestResponse> {
    return this.recordCustomerInterestHandler.execute(withIdempotencyKey(request, metadata));
  }
}

import { CampaignsServiceDefinition, ConsentServiceDefinition } from '@cs/contracts/cs/care/v1/campaigns_service';
import type { Provider } from '@nestjs/common';
import { CampaignsGrpcController } from './api/campaigns.grpc.controller.js';
import { ConsentGrpcController } from './api/consent.grpc.controller.js';
import { CampaignWorker } from './application/campaign.worker.js';
import { CampaignRunEngine } from './application/campaign-run.engine.js';
import { CreateCampaignHandler } from './application/create-campaign.handler.js';
import { DefineSegmentHandler } from './application/define-segment.handler.js';
import { GetCampaignRunHandler } from './application/get-campaign-run.handler.js';
import { GetConsentHandler } from './application/get-consent.handler.js';
import { HeldMessageRelease } from './application/held-message.release.js';
import { MailSender } from './application/mail-sender.js';
import { MessageComposer } from './application/message-composer.js';
import { OptOutHandler } from './application/opt-out.handler.js';
import { PreviewSegmentHandler } from './application/preview-segment.handler.js';
import { QueuedEmailSend } from './application/queued-email.send.js';
import { RecordConsentHandler } from './application/record-consent.handler.js';
import { RecordCustomerInterestHandler } from './application/record-customer-interest.handler.js';
import { RecordDeliveryReceiptHandler } from './application/record-delivery-receipt.handler.js';
import { SendTransactionalMessageHandler } from './application/send-transactional-message.handler.js';
import { StartCampaignRunHandler } from './application/start-campaign-run.handler.js';
import { TransactionalMessenger } from './application/transactional-messenger.js';
import { CampaignStore } from './infrastructure/campaign.store.js';
import { CampaignRunStore } from './infrastructure/campaign-run.store.js';
import { ConsentStore } from './infrastructure/consent.store.js';
import { OutboundMessageStore } from './infrastructure/outbound-message.store.js';
import { SegmentStore } from './infrastructure/segment.store.js';
import { SmtpMailSender } from './infrastructure/smtp-mail.sender.js';

/** Campaigns' part of CareModule (kept here so the module file stays a list of parts). */
export const campaignsControllers = [CampaignsGrpcController, ConsentGrpcController];

export const campaignsProviders: Provider[] = [
  SegmentStore,
  CampaignStore,
  CampaignRunStore,
  ConsentStore,
  OutboundMessageStore,
  { provide: MailSender, useClass: SmtpMailSender },
  MessageComposer,
  TransactionalMessenger,
  CampaignRunEngine,
  HeldMessageRelease,
  QueuedEmailSend,
  CampaignWorker,
  DefineSegmentHandler,
  PreviewSegmentHandler,
  CreateCampaignHandler,
  StartCampaignRunHandler,
  GetCampaignRunHandler,
  SendTransactionalMessageHandler,
  RecordDeliveryReceiptHandler,
  RecordCustomerInterestHandler,
  RecordConsentHandler,
  OptOutHandler,
  GetConsentHandler,
];

export const campaignsGrpc = { services: [CampaignsServiceDefinition, ConsentServiceDefinition] };

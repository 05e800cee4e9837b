import { actorOf } from '@cs/auth';
import {
  type AddNoteRequest,
  type AdvanceScriptStageRequest,
  type AttributeSaleRequest,
  type ClassifyConversationRequest,
  type CloseConversationRequest,
  type ConfirmOrderRequest,
  type ConversationsServiceController,
  ConversationsServiceControllerMethods,
  type EscalateConversationRequest,
  type GetConversationRequest,
  type IngestMessageRequest,
  type ListConversationsRequest,
  type ReplyToCustomerRequest,
  type RequestAddressChangeRequest,
  type RequestAttributeChangeRequest,
  type RequestCancellationRequest,
  type TransferConversationRequest,
  type UpdateRecordRequest,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AddNoteHandler } from '../application/add-note.handler.js';
import { AdvanceScriptStageHandler } from '../application/advance-script-stage.handler.js';
import { AttributeSaleHandler } from '../application/attribute-sale.handler.js';
import { ClassifyConversationHandler } from '../application/classify-conversation.handler.js';
import { CloseConversationHandler } from '../application/close-conversation.handler.js';
import { ConfirmOrderHandler } from '../application/confirm-order.handler.js';
import { EscalateConversationHandler } from '../application/escalate-conversation.handler.js';
import { GetConversationHandler } from '../application/get-conversation.handler.js';
import { IngestMessageHandler } from '../application/ingest-message.handler.js';
import { ListConversationsHandler } from '../application/list-conversations.handler.js';
import { ReplyToCustomerHandler } from '../application/reply-to-customer.handler.js';
import { RequestAddressChangeHandler } from '../application/request-address-change.handler.js';
import { RequestAttributeChangeHandler } from '../application/request-attribute-change.handler.js';
import { RequestCancellationHandler } from '../application/request-cancellation.handler.js';
import { TransferConversationHandler } from '../application/transfer-conversation.handler.js';
import { UpdateRecordHandler } from '../application/update-record.handler.js';

/** cs.inquiry.v1.ConversationsService: translation only; the actor is the verified caller (the token). */
@Controller()
@ConversationsServiceControllerMethods()
export class ConversationsGrpcController implements ConversationsServiceController {
  constructor(
    private readonly ingest: IngestMessageHandler,
    private readonly get: GetConversationHandler,
    private readonly list: ListConversationsHandler,
    private readonly reply: ReplyToCustomerHandler,
    private readonly note: AddNoteHandler,
    private readonly record: UpdateRecordHandler,
    private readonly classify: ClassifyConversationHandler,
    private readonly transfer: TransferConversationHandler,
    private readonly escalate: EscalateConversationHandler,
    private readonly close: CloseConversationHandler,
    private readonly confirm: ConfirmOrderHandler,
    private readonly addressChange: RequestAddressChangeHandler,
    private readonly attributeChange: RequestAttributeChangeHandler,
    private readonly cancellation: RequestCancellationHandler,
    private readonly script: AdvanceScriptStageHandler,
    private readonly sale: AttributeSaleHandler,
  ) {}

  ingestMessage(request: IngestMessageRequest) {
    return this.ingest.execute(request);
  }

  getConversation(request: GetConversationRequest, metadata?: Metadata) {
    return this.get.execute(request, actorOf(metadata));
  }

  listConversations(request: ListConversationsRequest, metadata?: Metadata) {
    return this.list.execute(request, actorOf(metadata));
  }

  replyToCustomer(request: ReplyToCustomerRequest, metadata?: Metadata) {
    return this.reply.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  addNote(request: AddNoteRequest, metadata?: Metadata) {
    return this.note.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  updateRecord(request: UpdateRecordRequest, metadata?: Metadata) {
    return this.record.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  classifyConversation(request: ClassifyConversationRequest, metadata?: Metadata) {
    return this.classify.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  transferConversation(request: TransferConversationRequest, metadata?: Metadata) {
    return this.transfer.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  escalateConversation(request: EscalateConversationRequest, metadata?: Metadata) {
    return this.escalate.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  closeConversation(request: CloseConversationRequest, metadata?: Metadata) {
    return this.close.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  confirmOrder(request: ConfirmOrderRequest, metadata?: Metadata) {
    return this.confirm.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  requestAddressChange(request: RequestAddressChangeRequest, metadata?: Metadata) {
    return this.addressChange.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  requestAttributeChange(request: RequestAttributeChangeRequest, metadata?: Metadata) {
    return this.attributeChange.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  requestCancellation(request: RequestCancellationRequest, metadata?: Metadata) {
    return this.cancellation.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  advanceScriptStage(request: AdvanceScriptStageRequest, metadata?: Metadata) {
    return this.script.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  attributeSale(request: AttributeSaleRequest, metadata?: Metadata) {
    return this.sale.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }
}

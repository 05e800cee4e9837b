import type {
  RecordDeliveryReceiptRequest,
  RecordDeliveryReceiptResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { DeliveryStatus } from '@cs/contracts/cs/care/v1/campaigns_service';
import { NotFound, RuleViolation, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { checkUuid } from './campaign-field-checks.js';
import { toWireState } from './campaign-wire.js';

/**
 * A gateway's receipt for a dispatched message. Receipts repeat (gateways retry): a message is
 * delivered or failed once; a later receipt for it changes nothing and answers its state.
 */
@Injectable()
export class RecordDeliveryReceiptHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly messages: OutboundMessageStore,
    private readonly runs: CampaignRunStore,
  ) {}

  async execute(request: RecordDeliveryReceiptRequest): Promise<RecordDeliveryReceiptResponse> {
    const violations = new Violations();
    checkUuid(request.messageId, 'message_id', violations);
    const delivered = request.status === DeliveryStatus.DELIVERY_STATUS_DELIVERED;
    if (!delivered && request.status !== DeliveryStatus.DELIVERY_STATUS_FAILED)
      violations.add('status', 'must be DELIVERED or FAILED');
    if (request.detail.length > 500) violations.add('detail', 'must be at most 500 characters');
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const message = await this.messages.get(em, request.messageId, true);
      if (!message) throw new NotFound('message', request.messageId);
      if (message.state === 'delivered' || message.state === 'failed') return { state: toWireState(message.state) };
      if (message.state !== 'sent')
        throw new RuleViolation('campaigns.receipt-before-dispatch', `message ${message.messageId} was not sent`);
      const state = delivered ? 'delivered' : 'failed';
      await this.messages.setState(em, message.messageId, state, { detail: request.detail, at: new Date() });
      if (message.campaignId) {
        await this.runs.recount(em, message.campaignId, delivered ? { delivered: 1 } : { failed: 1 });
      }
      return { state: toWireState(state) };
    });
  }
}

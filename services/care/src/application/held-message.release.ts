import type { DueWork } from '@cs/scheduler';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { requestDispatch } from './message-dispatch.js';

/**
 * Quiet hours over: a held message goes now, unless the customer opted out of the channel
 * meanwhile (opt-out takes effect at once, held messages included). Email is queued for the mail
 * sender; SMS and IM leave as dispatch events in the same transaction.
 */
@Injectable()
export class HeldMessageRelease implements DueWork {
  readonly name = 'campaign-held-message';
  readonly table = 'outbound_messages';
  readonly idColumn = 'message_id';
  readonly dueColumn = 'due_at';
  readonly where = "state = 'held'";

  constructor(
    private readonly messages: OutboundMessageStore,
    private readonly consents: ConsentStore,
    private readonly runs: CampaignRunStore,
  ) {}

  async handle(em: EntityManager, id: string, now: Date): Promise<void> {
    const message = await this.messages.get(em, id);
    if (message?.state !== 'held') return;
    const consent = (await this.consents.of(em, message.customerId)).find((c) => c.channel === message.channel);
    const withdrawn = consent?.optedOut || (message.purpose === 'marketing' && !consent?.marketingConsent);
    if (withdrawn) {
      await this.messages.setState(em, id, 'skipped_by_opt_out', { reason: 'opted-out-while-held', at: now });
      if (message.campaignId) await this.runs.recount(em, message.campaignId, { skipped_by_opt_out: 1 });
      return;
    }
    if (message.channel === 'email') {
      await this.messages.setState(em, id, 'queued', { dueAt: now, at: now });
      return;
    }
    await requestDispatch(em, message, now);
    await this.messages.addToTimelines(em, [message], now);
    await this.messages.setState(em, id, 'sent', { at: now });
    if (message.campaignId) await this.runs.recount(em, message.campaignId, { sent: 1 });
  }
}

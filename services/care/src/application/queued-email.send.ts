import type { DueWork } from '@cs/scheduler';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { MailSender } from './mail-sender.js';
import { MessageComposer } from './message-composer.js';

const MAX_ATTEMPTS = 5;
const RETRY_AFTER_MS = 60_000;

/**
 * Hands a queued email to the mail server while its row is locked, then marks it sent; a crash in
 * between leaves it queued and it is sent again with the same Message-ID (the only send that can
 * repeat: SMTP has no idempotency of its own). A refused mail is retried, then failed.
 */
@Injectable()
export class QueuedEmailSend implements DueWork {
  readonly name = 'campaign-queued-email';
  readonly table = 'outbound_messages';
  readonly idColumn = 'message_id';
  readonly dueColumn = 'due_at';
  readonly where = "state = 'queued'";

  constructor(
    private readonly messages: OutboundMessageStore,
    private readonly runs: CampaignRunStore,
    private readonly mail: MailSender,
    private readonly composer: MessageComposer,
  ) {}

  async handle(em: EntityManager, id: string, now: Date): Promise<void> {
    const message = await this.messages.get(em, id);
    if (message?.state !== 'queued') return;
    const attempts =
      ((
        await em.execute<{ attempts: number }[]>('select attempts from outbound_messages where message_id = ?', [id])
      )[0]?.attempts ?? 0) + 1;
    try {
      await this.mail.send({
        messageId: message.messageId,
        to: message.address,
        subject: message.subject,
        text: message.text,
        optOutLink: message.purpose === 'marketing' ? this.composer.optOutLink(message.customerId, 'email') : undefined,
      });
    } catch (error) {
      const detail = (error as Error).message.slice(0, 500);
      if (attempts >= MAX_ATTEMPTS) {
        await this.messages.setState(em, id, 'failed', { detail, attempts, at: now });
        if (message.campaignId) await this.runs.recount(em, message.campaignId, { failed: 1 });
      } else {
        const dueAt = new Date(now.getTime() + RETRY_AFTER_MS * attempts);
        await this.messages.setState(em, id, 'queued', { detail, attempts, dueAt, at: now });
      }
      return;
    }
    await this.messages.setState(em, id, 'sent', { attempts, at: now });
    await this.messages.addToTimelines(em, [message], now);
    if (message.campaignId) await this.runs.recount(em, message.campaignId, { sent: 1 });
  }
}

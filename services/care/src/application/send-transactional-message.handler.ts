import { randomUUID } from 'node:crypto';
import type {
  SendTransactionalMessageRequest,
  SendTransactionalMessageResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { noConsent } from '../domain/channel-consent.js';
import { decideMessage } from '../domain/message-eligibility.rule.js';
import type { OutboundMessage } from '../domain/outbound-message.js';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { checkCustomerId, checkIdempotencyKey } from './campaign-field-checks.js';
import { channelOf, toWireState } from './campaign-wire.js';
import { requestDispatch } from './message-dispatch.js';

/**
 * A revisit or survey message to one customer: the channel's opt-out applies, marketing consent
 * and caps do not; quiet hours hold it like any other.
 */
@Injectable()
export class SendTransactionalMessageHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly consents: ConsentStore,
    private readonly segments: SegmentStore,
    private readonly messages: OutboundMessageStore,
  ) {}

  execute(request: SendTransactionalMessageRequest): Promise<SendTransactionalMessageResponse> {
    const violations = new Violations();
    checkCustomerId(request.customerId, 'customer_id', violations);
    const channel = channelOf(request.channel, 'channel', violations);
    violations.require('reference', request.reference);
    if (request.reference.length > 200) violations.add('reference', 'must be at most 200 characters');
    if (channel === 'email') violations.require('subject', request.subject, 'is required for email');
    if (request.subject.length > 200) violations.add('subject', 'must be at most 200 characters');
    violations.require('body', request.body);
    if (request.body.length > 2000) violations.add('body', 'must be at most 2000 characters');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const to = channel as NonNullable<typeof channel>;
    return runIdempotent(this.orm, 'SendTransactionalMessage', request, async (em) => {
      const now = new Date();
      const stored = (await this.consents.of(em, request.customerId)).find((c) => c.channel === to) ?? noConsent;
      const profile = await this.segments.profileAddresses(em, request.customerId);
      const consent = { ...stored, address: stored.address || profile?.[to] || '' };
      const decision = decideMessage({
        purpose: 'transactional',
        consent,
        sent: { today: 0, thisWeek: 0 },
        caps: { perDay: 0, perWeek: 0 },
        quiet: this.config.careQuietHours,
        timeZone: this.config.shopTimezone,
        now,
      });
      const reaches = decision.kind === 'send' || decision.kind === 'hold';
      const state =
        decision.kind === 'send'
          ? to === 'email'
            ? 'queued'
            : 'sent'
          : decision.kind === 'hold'
            ? 'held'
            : 'skipped_by_opt_out';
      const message: OutboundMessage = {
        messageId: randomUUID(),
        reference: request.reference,
        customerId: request.customerId,
        channel: to,
        purpose: 'transactional',
        state,
        reason: decision.kind === 'skip-opt-out' ? decision.reason : '',
        address: reaches ? consent.address : '',
        subject: request.subject,
        text: request.body,
        dueAt: decision.kind === 'hold' ? decision.until : state === 'queued' ? now : undefined,
      };
      await this.messages.addMany(em, [message], now);
      if (state === 'sent') {
        await requestDispatch(em, message, now);
        await this.messages.addToTimelines(em, [message], now);
      }
      return { response: { messageId: message.messageId, state: toWireState(state) } };
    });
  }
}

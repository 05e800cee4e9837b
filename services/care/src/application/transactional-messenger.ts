import { randomUUID } from 'node:crypto';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { noConsent } from '../domain/channel-consent.js';
import type { MessageChannel } from '../domain/message-channel.js';
import { decideMessage, type MessageDecision } from '../domain/message-eligibility.rule.js';
import type { OutboundMessage } from '../domain/outbound-message.js';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { requestDispatch } from './message-dispatch.js';

export interface TransactionalMessage {
  customerId: string;
  channel: MessageChannel;
  /** What it is about: "revisit:<id>", "survey:<id>". */
  reference: string;
  subject: string;
  body: string;
}

interface ChannelDecision {
  channel: MessageChannel;
  address: string;
  decision: MessageDecision;
}

/**
 * A revisit or survey message to one customer, in the caller's transaction (surveys and revisits
 * can call it where they record theirs): the channel's opt-out applies, marketing consent and caps
 * do not; quiet hours hold it like any other. Returns the message as recorded.
 */
@Injectable()
export class TransactionalMessenger {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly consents: ConsentStore,
    private readonly segments: SegmentStore,
    private readonly messages: OutboundMessageStore,
  ) {}

  async send(em: EntityManager, request: TransactionalMessage, now = new Date()): Promise<OutboundMessage> {
    const [decided] = await this.decide(em, request.customerId, [request.channel], now);
    return this.record(em, request, decided as ChannelDecision, now);
  }

  /**
   * The same on the first of `channels` (in order of preference) that reaches the customer; when
   * none does, the refusal is recorded on the first channel opted out of (else the first), so the
   * skip is on record. Each channel is decided by the same rule as `send`.
   */
  async sendOnFirstReachable(
    em: EntityManager,
    request: Omit<TransactionalMessage, 'channel'>,
    channels: readonly MessageChannel[],
    now = new Date(),
  ): Promise<OutboundMessage> {
    const decisions = await this.decide(em, request.customerId, channels, now);
    const chosen =
      decisions.find(({ decision }) => decision.kind === 'send' || decision.kind === 'hold') ??
      decisions.find(({ decision }) => decision.kind === 'skip-opt-out' && decision.reason === 'opted-out') ??
      (decisions[0] as ChannelDecision);
    return this.record(em, { ...request, channel: chosen.channel }, chosen, now);
  }

  private async decide(
    em: EntityManager,
    customerId: string,
    channels: readonly MessageChannel[],
    now: Date,
  ): Promise<ChannelDecision[]> {
    const consents = await this.consents.of(em, customerId);
    const profile = await this.segments.profileAddresses(em, customerId);
    return channels.map((channel) => {
      const stored = consents.find((c) => c.channel === channel) ?? noConsent;
      const consent = { ...stored, address: stored.address || profile?.[channel] || '' };
      const decision = decideMessage({
        purpose: 'transactional',
        consent,
        sent: { today: 0, thisWeek: 0 },
        caps: { perDay: 0, perWeek: 0 },
        quiet: this.config.careQuietHours,
        timeZone: this.config.shopTimezone,
        now,
      });
      return { channel, address: consent.address, decision };
    });
  }

  private async record(
    em: EntityManager,
    request: TransactionalMessage,
    { channel, address, decision }: ChannelDecision,
    now: Date,
  ): Promise<OutboundMessage> {
    const reaches = decision.kind === 'send' || decision.kind === 'hold';
    const goesNow = decision.kind === 'send';
    const state = goesNow ? (channel === 'email' ? 'queued' : 'sent') : reaches ? 'held' : 'skipped_by_opt_out';
    const message: OutboundMessage = {
      messageId: randomUUID(),
      reference: request.reference,
      customerId: request.customerId,
      channel,
      purpose: 'transactional',
      state,
      reason: decision.kind === 'skip-opt-out' ? decision.reason : '',
      address: reaches ? address : '',
      subject: request.subject,
      text: request.body,
      dueAt: decision.kind === 'hold' ? decision.until : state === 'queued' ? now : undefined,
    };
    await this.messages.addMany(em, [message], now);
    if (state === 'sent') {
      await requestDispatch(em, message, now);
      await this.messages.addToTimelines(em, [message], now);
    }
    return message;
  }
}

import type {
  AftersalesRequested,
  ComplaintRaised,
  ConversationClassified,
  ConversationClosed,
  ConversationOpened,
} from '@cs/contracts/cs/inquiry/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ContactChannelName } from '../domain/customer-profile.js';
import { type ConversationFact, ConversationFactsStore } from '../infrastructure/conversation-facts.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { SurveySender } from './survey-sender.js';
import { fromTimestamp } from './timestamps.js';

// Channels where the customer's account is the address we can write back to.
const accountChannels: Record<string, ContactChannelName> = {
  CHANNEL_MARKETPLACE_IM: 'marketplace_im',
  CHANNEL_WECHAT: 'wechat',
  CHANNEL_SOCIAL_DM: 'social_dm',
};

// Conversation classes that record an interest, for targeted campaigns.
const interestClasses: Record<string, string> = { CONVERSATION_CLASS_PRE_SALES: 'pre_sales' };

const channelLabel = (channel: string) => channel.replace(/^CHANNEL_/, '').toLowerCase();

/**
 * The front line's events → contacts on the profile, the timeline, interests, and the CSAT survey
 * after a closed conversation (once the conversation's customer is known, whichever came first).
 */
@Injectable()
export class InquiryProjection {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly conversations: ConversationFactsStore,
    private readonly timeline: TimelineStore,
    private readonly surveys: SurveySender,
  ) {}

  async opened(em: EntityManager, event: ConversationOpened, time: Date): Promise<void> {
    const customerId = event.customer?.customerId;
    if (!event.conversationId || !customerId) return;
    const openedAt = fromTimestamp(event.openedAt) ?? time;
    await this.profiles.ensure(em, customerId, openedAt, event.customer?.displayName ?? '');
    const fact = await this.conversations.opened(em, {
      conversationId: event.conversationId,
      customerId,
      channel: event.channel,
      openedAt,
    });
    const channel = accountChannels[event.channel];
    if (channel) await this.profiles.addChannel(em, customerId, channel, customerId, openedAt);
    await this.profiles.touchContact(em, customerId, openedAt);
    await this.timeline.add(em, {
      sourceKey: `conversation:${event.conversationId}:opened`,
      customerId,
      refKind: 'conversation',
      refId: event.conversationId,
      kind: 'contact',
      occurredAt: openedAt,
      summary: `conversation opened on ${channelLabel(event.channel)}`,
    });
    await this.timeline.link(em, 'conversation', event.conversationId, customerId);
    await this.followUp(em, fact, time);
  }

  async classified(em: EntityManager, event: ConversationClassified, time: Date): Promise<void> {
    if (!event.conversationId) return;
    const fact = await this.conversations.classified(em, event.conversationId, event.conversationClass);
    await this.followUp(em, fact, time);
  }

  async closed(em: EntityManager, event: ConversationClosed, time: Date): Promise<void> {
    if (!event.conversationId) return;
    const closedAt = fromTimestamp(event.closedAt) ?? time;
    const fact = await this.conversations.closed(em, event.conversationId, closedAt);
    await this.timeline.add(em, {
      sourceKey: `conversation:${event.conversationId}:closed`,
      customerId: fact.customerId,
      refKind: 'conversation',
      refId: event.conversationId,
      kind: 'contact',
      occurredAt: closedAt,
      summary: 'conversation closed',
    });
    await this.followUp(em, fact, time);
  }

  async handedOn(em: EntityManager, event: AftersalesRequested | ComplaintRaised, to: string, time: Date) {
    const customerId = event.customer?.customerId;
    if (!event.conversationId || !customerId) return;
    await this.profiles.ensure(em, customerId, time, event.customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `conversation:${event.conversationId}:${to}`,
      customerId,
      refKind: 'conversation',
      refId: event.conversationId,
      kind: 'contact',
      occurredAt: time,
      summary: `conversation handed to ${to}`,
    });
  }

  /** What waits for both the customer and a later fact: the interest and the CSAT survey. */
  private async followUp(em: EntityManager, fact: ConversationFact, time: Date): Promise<void> {
    if (!fact.customerId) return;
    const topic = interestClasses[fact.conversationClass];
    if (topic) {
      await this.conversations.recordInterest(em, fact.customerId, topic, fact.conversationId, fact.openedAt ?? time);
    }
    if (fact.closedAt) {
      await this.surveys.send(
        em,
        { customerId: fact.customerId, kind: 'csat', subjectKind: 'conversation', subjectId: fact.conversationId },
        time,
      );
    }
  }
}

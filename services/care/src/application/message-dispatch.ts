import { Outbox } from '@cs/bus';
import { Channel, MessagePurpose } from '@cs/contracts/cs/care/v1/message';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboundMessage } from '../domain/outbound-message.js';

const wireChannel = { sms: Channel.CHANNEL_SMS, im: Channel.CHANNEL_IM, email: Channel.CHANNEL_EMAIL } as const;
const wirePurpose = {
  marketing: MessagePurpose.MESSAGE_PURPOSE_MARKETING,
  transactional: MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL,
} as const;

const dispatchOf = (message: OutboundMessage, at: Date) => {
  const millis = at.getTime();
  return {
    payload: {
      messageId: message.messageId,
      customerId: message.customerId,
      channel: wireChannel[message.channel],
      address: message.address,
      text: message.text,
      purpose: wirePurpose[message.purpose],
      campaignId: message.campaignId ?? '',
      requestedAt: { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 },
    },
    meta: { aggregateId: message.messageId, aggregateVersion: 1 },
  };
};

/**
 * SMS and IM leave as cs.care.message.dispatch_requested for the shop's gateways, written in the
 * transaction that records the message (outbox): recorded and dispatched, or neither.
 */
export async function requestDispatch(em: EntityManager, message: OutboundMessage, at: Date): Promise<void> {
  const { payload, meta } = dispatchOf(message, at);
  await Outbox.add(em, 'cs.care.message.dispatch_requested', payload, meta);
}

/** A page's dispatches in one statement. */
export async function requestDispatches(em: EntityManager, messages: OutboundMessage[], at: Date): Promise<void> {
  await Outbox.addMany(
    em,
    'cs.care.message.dispatch_requested',
    messages.map((message) => dispatchOf(message, at)),
  );
}

import { createHash } from 'node:crypto';
import type { MessageChannel, MessagePurpose } from './message-channel.js';

export type OutboundState =
  | 'queued'
  | 'sent'
  | 'held'
  | 'skipped_by_cap'
  | 'skipped_by_opt_out'
  | 'failed'
  | 'delivered';

/** One message to one customer on one channel: what was decided, and where it stands. */
export interface OutboundMessage {
  messageId: string;
  campaignId?: string;
  reference: string;
  customerId: string;
  channel: MessageChannel;
  purpose: MessagePurpose;
  state: OutboundState;
  reason: string;
  address: string;
  subject: string;
  text: string;
  /** Held: when the quiet hours end. Queued: when to try the mail server (again). */
  dueAt?: Date;
  /** When it reaches the customer: the marketing caps count it on that shop day and week. */
  countedAt?: Date;
}

/**
 * The message id of a campaign's message to a customer on a channel: the same on every attempt,
 * so gateways and mail servers can drop a second copy too.
 */
export function campaignMessageId(campaignId: string, customerId: string, channel: MessageChannel): string {
  const hex = createHash('sha256').update(`${campaignId}\u0000${customerId}\u0000${channel}`).digest('hex');
  // Shaped as a UUID (version 8: custom) so it fits the column and the dispatch event.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16] as string, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

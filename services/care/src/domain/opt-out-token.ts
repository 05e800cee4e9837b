import { createHmac, timingSafeEqual } from 'node:crypto';
import { type MessageChannel, messageChannels } from './message-channel.js';

/**
 * The token in an opt-out link: names the customer and channel, signed so nobody can opt out
 * someone else by editing the link. base64url(customer) . channel . signature.
 */
export function optOutToken(secret: string, customerId: string, channel: MessageChannel): string {
  const subject = Buffer.from(customerId).toString('base64url');
  return `${subject}.${channel}.${sign(secret, subject, channel)}`;
}

/** The customer and channel a genuine token names; undefined for anything else. */
export function readOptOutToken(
  secret: string,
  token: string,
): { customerId: string; channel: MessageChannel } | undefined {
  const [subject, channel, signature, ...rest] = token.split('.');
  if (!subject || !channel || !signature || rest.length) return undefined;
  if (!messageChannels.includes(channel as MessageChannel)) return undefined;
  const expected = Buffer.from(sign(secret, subject, channel));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { customerId: Buffer.from(subject, 'base64url').toString(), channel: channel as MessageChannel };
}

function sign(secret: string, subject: string, channel: string): string {
  return createHmac('sha256', secret).update(`${subject}.${channel}`).digest('base64url').slice(0, 22);
}

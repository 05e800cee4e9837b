import type { MessageChannel, MessagePurpose } from './message-channel.js';

/**
 * Every marketing message carries an opt-out (退订): SMS the carrier's "回T退订" keyword and the link,
 * email and IM the link. Transactional messages go as written.
 */
export function withOptOutLine(text: string, purpose: MessagePurpose, channel: MessageChannel, link: string): string {
  if (purpose !== 'marketing') return text;
  const line = channel === 'sms' ? `退订回T或点击 ${link}` : `不想再收到此类消息？退订: ${link}`;
  return `${text}\n${line}`;
}

/** The campaign text for one customer: the coupon code filled in. */
export function personalise(body: string, couponCode: string): string {
  return body.replaceAll('{coupon}', couponCode);
}

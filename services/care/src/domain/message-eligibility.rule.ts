import type { ChannelConsent } from './channel-consent.js';
import { type FrequencyCaps, type MarketingSentCounts, withinFrequencyCap } from './frequency-cap.rule.js';
import type { MessagePurpose } from './message-channel.js';
import { type QuietHours, quietHoursHoldUntil } from './quiet-hours.rule.js';

export type MessageDecision =
  | { kind: 'send' }
  | { kind: 'hold'; until: Date }
  | { kind: 'skip-opt-out'; reason: 'opted-out' | 'no-consent' | 'no-address' }
  | { kind: 'skip-cap' };

export interface EligibilityContext {
  purpose: MessagePurpose;
  consent: ChannelConsent;
  sent: MarketingSentCounts;
  caps: FrequencyCaps;
  quiet: QuietHours;
  timeZone: string;
  now: Date;
}

/**
 * Who may be messaged, in the handbook's order: an opt-out of the channel stops everything;
 * marketing needs consent on that channel and is held to the frequency caps; transactional
 * messages (revisits, surveys) ignore consent and caps. Quiet hours hold either kind until the
 * window opens. A held marketing message counts against the caps from the moment it is held.
 */
export function decideMessage(context: EligibilityContext): MessageDecision {
  const { consent, purpose } = context;
  if (consent.optedOut) return { kind: 'skip-opt-out', reason: 'opted-out' };
  if (!consent.address) return { kind: 'skip-opt-out', reason: 'no-address' };
  if (purpose === 'marketing') {
    if (!consent.marketingConsent) return { kind: 'skip-opt-out', reason: 'no-consent' };
    if (!withinFrequencyCap(context.sent, context.caps)) return { kind: 'skip-cap' };
  }
  const until = quietHoursHoldUntil(context.now, context.timeZone, context.quiet);
  return until ? { kind: 'hold', until } : { kind: 'send' };
}

import { describe, expect, it } from 'vitest';
import { decideMessage, type EligibilityContext } from '../../src/domain/message-eligibility.rule.js';
import { parseQuietHours } from '../../src/domain/quiet-hours.rule.js';

const daytime = new Date('2026-12-03T02:00:00Z'); // 10:00 Shanghai
const night = new Date('2026-12-03T15:00:00Z'); // 23:00 Shanghai
const context = (overrides: Partial<EligibilityContext> = {}): EligibilityContext => ({
  purpose: 'marketing',
  consent: { address: '13800000000', marketingConsent: true, optedOut: false },
  sent: { today: 0, thisWeek: 0 },
  caps: { perDay: 1, perWeek: 3 },
  quiet: parseQuietHours('22:00-08:00')!,
  timeZone: 'Asia/Shanghai',
  now: daytime,
  ...overrides,
});

describe('consent per channel: marketing only to customers who consented on that channel', () => {
  it('a consenting customer under the caps is sent to', () => {
    expect(decideMessage(context())).toEqual({ kind: 'send' });
  });

  it('marketing without consent on the channel is skipped', () => {
    const consent = { address: 'a@b.cn', marketingConsent: false, optedOut: false };
    expect(decideMessage(context({ consent }))).toEqual({ kind: 'skip-opt-out', reason: 'no-consent' });
  });

  it('opt-out of a channel stops marketing at once, even with consent on record', () => {
    const consent = { address: 'a@b.cn', marketingConsent: true, optedOut: true };
    expect(decideMessage(context({ consent }))).toEqual({ kind: 'skip-opt-out', reason: 'opted-out' });
  });

  it('no address on the channel: nothing to send to', () => {
    const consent = { address: '', marketingConsent: true, optedOut: false };
    expect(decideMessage(context({ consent }))).toEqual({ kind: 'skip-opt-out', reason: 'no-address' });
  });
});

describe('marketing vs transactional', () => {
  it('marketing over the daily cap is skipped by cap', () => {
    expect(decideMessage(context({ sent: { today: 1, thisWeek: 1 } }))).toEqual({ kind: 'skip-cap' });
  });

  it('transactional messages (revisits, surveys) ignore the marketing caps', () => {
    expect(decideMessage(context({ purpose: 'transactional', sent: { today: 5, thisWeek: 9 } }))).toEqual({
      kind: 'send',
    });
  });

  it('transactional messages do not need marketing consent', () => {
    const consent = { address: '13800000000', marketingConsent: false, optedOut: false };
    expect(decideMessage(context({ purpose: 'transactional', consent }))).toEqual({ kind: 'send' });
  });

  it("transactional messages respect the channel's opt-out", () => {
    const consent = { address: '13800000000', marketingConsent: false, optedOut: true };
    expect(decideMessage(context({ purpose: 'transactional', consent }))).toEqual({
      kind: 'skip-opt-out',
      reason: 'opted-out',
    });
  });

  it('in quiet hours a message is held until 08:00 shop time, not dropped', () => {
    expect(decideMessage(context({ now: night }))).toEqual({
      kind: 'hold',
      until: new Date('2026-12-04T00:00:00Z'),
    });
  });

  it('caps are checked before quiet hours: a capped message is not held', () => {
    expect(decideMessage(context({ now: night, sent: { today: 1, thisWeek: 1 } }))).toEqual({ kind: 'skip-cap' });
  });
});

import { startOfShopDay } from '@cs/shop-time';
import { describe, expect, it } from 'vitest';
import { caseDeadline, isOverdue } from '../../src/domain/case-deadline.rule.js';
import { CaseState } from '../../src/domain/case-lifecycle.js';
import { chaseDecision } from '../../src/domain/daily-follow-up.rule.js';
import { Shipment } from '../../src/domain/shipment.entity.js';

const HOUR = 3_600_000;
const now = new Date('2026-11-23T01:00:00Z'); // 09:00 in Shanghai

function shipment(hoursSilent: number, daysOld = 2, delivered = false): Shipment {
  const s = Shipment.firstUpdate({
    trackingNumber: 'SF1',
    courier: '顺丰',
    orderId: 'TB1',
    customer: { customerId: 'b', displayName: '' },
    lastUpdateAt: new Date(now.getTime() - daysOld * 24 * HOUR),
    lastStatus: '已揽收',
    delivered,
  });
  s.track('运输中', new Date(now.getTime() - hoursSilent * HOUR), false);
  return s;
}

describe('daily follow-up: shipments with no tracking update get chased', () => {
  it('a parcel silent for longer than the threshold is chased', () => {
    expect(chaseDecision(shipment(30), now, 24)).toMatchObject({ hoursSinceUpdate: 30, extendReceiptTime: false });
  });

  it('a parcel updated within the threshold is not', () => {
    expect(chaseDecision(shipment(5), now, 24)).toBeUndefined();
  });

  it('the threshold is configurable', () => {
    expect(chaseDecision(shipment(5), now, 4)).toBeDefined();
  });

  it('a delivered parcel is never chased', () => {
    expect(chaseDecision(shipment(100, 2, true), now, 24)).toBeUndefined();
  });

  it('an old silent parcel also gets its receipt time extended before the marketplace auto-confirms', () => {
    expect(chaseDecision(shipment(48, 8), now, 24)?.extendReceiptTime).toBe(true);
  });

  it('an older update arriving late does not hide a newer one', () => {
    const s = shipment(2);
    s.track('已揽收', new Date(now.getTime() - 40 * HOUR), false);
    expect(s.lastStatus).toBe('运输中');
  });
});

describe('yesterday, in the shop’s time zone', () => {
  it('09:00 Shanghai: today started at 16:00 UTC the day before', () => {
    expect(startOfShopDay(now, 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });
});

describe('overdue cases', () => {
  it('a request must be answered within a day', () => {
    const due = caseDeadline(CaseState.CASE_STATE_REQUESTED, now);
    expect(due?.getTime()).toBe(now.getTime() + 24 * HOUR);
    expect(isOverdue(due, new Date(now.getTime() + 25 * HOUR))).toBe(true);
    expect(isOverdue(due, new Date(now.getTime() + 23 * HOUR))).toBe(false);
  });

  it('a closed case is never overdue', () => {
    expect(caseDeadline(CaseState.CASE_STATE_CLOSED, now)).toBeNull();
    expect(isOverdue(null, now)).toBe(false);
  });
});

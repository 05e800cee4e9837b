import { describe, expect, it } from 'vitest';
import {
  isKeyCustomer,
  isOverdue,
  keyCustomerPeriod,
  revisitDueAfterCase,
  revisitDueAfterComplaint,
} from '../../src/domain/revisit.rule.js';
import { isLowScore, isScoreInRange, surveySubjectKey } from '../../src/domain/survey.rule.js';

const closedAt = new Date('2026-12-01T08:00:00Z');

describe('revisit (回访) rules', () => {
  it('a closed case is revisited the configured hours later', () => {
    expect(revisitDueAfterCase(closedAt, 72)).toEqual(new Date('2026-12-04T08:00:00Z'));
  });

  it('an archived complaint is revisited when complaints say, else after the fallback window', () => {
    const named = new Date('2026-12-02T02:00:00Z');
    expect(revisitDueAfterComplaint(closedAt, named, 72)).toEqual(named);
    expect(revisitDueAfterComplaint(closedAt, undefined, 24)).toEqual(new Date('2026-12-02T08:00:00Z'));
  });

  it('overdue rule: an open revisit past its due time', () => {
    expect(isOverdue(closedAt, new Date('2026-12-01T08:00:01Z'))).toBe(true);
    expect(isOverdue(closedAt, closedAt)).toBe(false);
  });

  it('key customer rule: tier at or above the configured one, or the key-customer tag', () => {
    expect(isKeyCustomer('gold', [], 'gold', 'key-customer')).toBe(true);
    expect(isKeyCustomer('platinum', [], 'gold', 'key-customer')).toBe(true);
    expect(isKeyCustomer('silver', [], 'gold', 'key-customer')).toBe(false);
    expect(isKeyCustomer('standard', ['key-customer'], 'gold', 'key-customer')).toBe(true);
  });

  it('one periodic revisit per period: the same period names the same source', () => {
    const a = keyCustomerPeriod(new Date('2026-12-01T00:00:00Z'), 90);
    expect(keyCustomerPeriod(new Date('2026-12-02T00:00:00Z'), 90)).toBe(a);
    expect(keyCustomerPeriod(new Date('2027-04-01T00:00:00Z'), 90)).not.toBe(a);
  });
});

describe('survey rules', () => {
  it('score ranges: CSAT 1..5, NPS 0..10', () => {
    expect(isScoreInRange('csat', 0)).toBe(false);
    expect(isScoreInRange('csat', 5)).toBe(true);
    expect(isScoreInRange('csat', 6)).toBe(false);
    expect(isScoreInRange('nps', 0)).toBe(true);
    expect(isScoreInRange('nps', 10)).toBe(true);
    expect(isScoreInRange('nps', 11)).toBe(false);
  });

  it('low score rule: at or below the threshold opens a revisit', () => {
    const low = { csat: 2, nps: 6 };
    expect(isLowScore('csat', 2, low)).toBe(true);
    expect(isLowScore('csat', 3, low)).toBe(false);
    expect(isLowScore('nps', 6, low)).toBe(true);
    expect(isLowScore('nps', 7, low)).toBe(false);
  });

  it('one survey per subject rule: a reopened conversation keeps the same survey identity', () => {
    expect(surveySubjectKey('csat', 'conversation', 'c-1')).toBe(surveySubjectKey('csat', 'conversation', 'c-1'));
    expect(surveySubjectKey('csat', 'case', 'c-1')).not.toBe(surveySubjectKey('csat', 'conversation', 'c-1'));
  });
});

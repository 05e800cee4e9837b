import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { ChaseParty, ChaseResolution, ChaseTaskStatus } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { caseKindForChaseResolution, linkableCaseStates } from '../../src/domain/chase-resolution.rule.js';
import { CHASE_RULE, ChaseTask, trackingResumes } from '../../src/domain/chase-task.aggregate.js';
import { Shipment } from '../../src/domain/shipment.entity.js';

const agent = { agentId: 'a1', name: '王五' };
const silentSince = new Date('2025-03-01T08:00:00Z');
const now = new Date('2025-03-02T10:00:00Z');
const shipment = () =>
  Shipment.firstUpdate({
    trackingNumber: 'SF1',
    courier: '顺丰',
    orderId: 'TB1',
    customer: { customerId: 'c1', displayName: '' },
    lastUpdateAt: silentSince,
    lastStatus: '运输中',
    delivered: false,
  });

function ruleOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  throw new Error('expected a rule violation');
}

describe('chase task (查件)', () => {
  it('is opened for the silence since the last update, with the courier and the customer to chase', () => {
    const task = ChaseTask.open(shipment(), now);
    expect(task).toMatchObject({
      status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
      silentSince,
      parties: [ChaseParty.CHASE_PARTY_COURIER, ChaseParty.CHASE_PARTY_CUSTOMER],
      chases: [],
    });
  });

  it('records chases while open; rule chase-while-open afterwards', () => {
    const task = ChaseTask.open(shipment(), now);
    task.recordChase({ party: ChaseParty.CHASE_PARTY_COURIER, contact: '网点', said: '催件', by: agent }, now);
    expect(task.chases).toEqual([
      { party: ChaseParty.CHASE_PARTY_COURIER, contact: '网点', said: '催件', by: agent, at: now.toISOString() },
    ]);
    task.resolve(ChaseResolution.CHASE_RESOLUTION_TRACKING_RESUMED, now);
    expect(
      ruleOf(() =>
        task.recordChase({ party: ChaseParty.CHASE_PARTY_CUSTOMER, contact: '', said: 'x', by: agent }, now),
      ),
    ).toBe(CHASE_RULE.chaseWhileOpen);
  });

  it('rule resolved-once: a resolved task is not resolved again', () => {
    const task = ChaseTask.open(shipment(), now);
    task.resolve(ChaseResolution.CHASE_RESOLUTION_PARCEL_LOST, now, { by: agent, note: '丢件', caseId: 'case-1' });
    expect(task).toMatchObject({
      status: ChaseTaskStatus.CHASE_TASK_STATUS_RESOLVED,
      caseId: 'case-1',
      resolvedBy: agent,
    });
    expect(ruleOf(() => task.resolve(ChaseResolution.CHASE_RESOLUTION_TRACKING_RESUMED, now))).toBe(
      CHASE_RULE.resolvedOnce,
    );
  });

  it('tracking resumes on an update newer than the silence, or on delivery; not on a late older one', () => {
    const task = ChaseTask.open(shipment(), now);
    expect(trackingResumes(task, new Date(silentSince.getTime() + 1000), false)).toBe(true);
    expect(trackingResumes(task, new Date(silentSince.getTime() - 1000), false)).toBe(false);
    expect(trackingResumes(task, silentSince, false)).toBe(false);
    expect(trackingResumes(task, new Date(silentSince.getTime() - 1000), true)).toBe(true);
  });
});

describe('chase resolution rule', () => {
  it('parcel lost → parcel-problem case; receipt time extended → extend-receipt-time case; resumed → none', () => {
    expect(caseKindForChaseResolution(ChaseResolution.CHASE_RESOLUTION_PARCEL_LOST)).toBe(
      CaseKind.CASE_KIND_PARCEL_PROBLEM,
    );
    expect(caseKindForChaseResolution(ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED)).toBe(
      CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME,
    );
    expect(caseKindForChaseResolution(ChaseResolution.CHASE_RESOLUTION_TRACKING_RESUMED)).toBeUndefined();
  });

  it('links only a case still being worked: an extension not yet done, a lost parcel not yet settled', () => {
    expect(linkableCaseStates(CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME)).toEqual([
      CaseState.CASE_STATE_REQUESTED,
      CaseState.CASE_STATE_APPROVED,
    ]);
    expect(linkableCaseStates(CaseKind.CASE_KIND_PARCEL_PROBLEM)).not.toContain(CaseState.CASE_STATE_CLOSED);
  });
});

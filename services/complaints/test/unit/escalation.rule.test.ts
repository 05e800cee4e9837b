import { ComplaintStage, EscalationLevel, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import {
  dueEscalation,
  type EscalationCandidate,
  EXTERNAL_DEADLINE_NEAR,
  externalDeadlineHorizon,
  initialEscalationLevel,
  nextEscalationLevel,
} from '../../src/domain/escalation.rule.js';
import { defaultStepDeadlinePolicy, stepDueAt } from '../../src/domain/step-deadline.rule.js';

const policy = defaultStepDeadlinePolicy('Asia/Shanghai');
const shanghai = (local: string) => new Date(`${local}+08:00`);
const {
  ESCALATION_LEVEL_AGENT: AGENT,
  ESCALATION_LEVEL_SUPERVISOR: SUPERVISOR,
  ESCALATION_LEVEL_MANAGER: MANAGER,
} = EscalationLevel;
const lead = 1_080; // two business days

const now = shanghai('2026-12-03T15:00:00'); // Thursday
const file = (over: Partial<EscalationCandidate> = {}): EscalationCandidate => ({
  stage: ComplaintStage.COMPLAINT_STAGE_VERIFYING,
  severity: Severity.SEVERITY_ORDINARY,
  escalationLevel: AGENT,
  stepDueAt: shanghai('2026-12-03T14:00:00'),
  externalDeadline: null,
  ...over,
});

describe('escalation rule (agent → supervisor → manager)', () => {
  it('an ordinary or serious complaint starts with the agent', () => {
    expect(initialEscalationLevel(Severity.SEVERITY_ORDINARY)).toBe(AGENT);
    expect(initialEscalationLevel(Severity.SEVERITY_SERIOUS)).toBe(AGENT);
    expect(initialEscalationLevel(Severity.SEVERITY_UNSPECIFIED)).toBe(AGENT);
  });

  it('a critical complaint starts at supervisor', () => {
    expect(initialEscalationLevel(Severity.SEVERITY_CRITICAL)).toBe(SUPERVISOR);
  });

  it('each level hands up to the next; nobody is above the manager', () => {
    expect(nextEscalationLevel(AGENT)).toBe(SUPERVISOR);
    expect(nextEscalationLevel(SUPERVISOR)).toBe(MANAGER);
    expect(nextEscalationLevel(MANAGER)).toBeUndefined();
  });
});

describe('overdue escalation rule (the deadline sweep)', () => {
  it('an overdue step with the agent goes to the supervisor, who gets the step’s time again', () => {
    expect(dueEscalation(file(), now, policy, lead)).toEqual({
      to: SUPERVISOR,
      reason: 'verifying overdue',
      nextStepDueAt: stepDueAt(ComplaintStage.COMPLAINT_STAGE_VERIFYING, Severity.SEVERITY_ORDINARY, now, policy),
    });
  });

  it('an overdue step with the supervisor goes to the manager', () => {
    const escalation = dueEscalation(
      file({ escalationLevel: SUPERVISOR, stage: ComplaintStage.COMPLAINT_STAGE_PROPOSING }),
      now,
      policy,
      lead,
    );
    expect(escalation).toMatchObject({ to: MANAGER, reason: 'proposing overdue' });
  });

  it('an overdue step with the manager is not escalated again', () => {
    expect(dueEscalation(file({ escalationLevel: MANAGER }), now, policy, lead)).toBeUndefined();
  });

  it('a step not yet due is left alone', () => {
    expect(dueEscalation(file({ stepDueAt: shanghai('2026-12-03T15:00:01') }), now, policy, lead)).toBeUndefined();
  });

  it('an archived file is never escalated', () => {
    expect(dueEscalation(file({ stage: ComplaintStage.COMPLAINT_STAGE_ARCHIVED }), now, policy, lead)).toBeUndefined();
  });
});

describe('external deadline rule (platform / 12315: escalated ahead of the deadline)', () => {
  it('a settlement deadline within the lead sends the file to the manager before any step is overdue', () => {
    const stepDue = shanghai('2026-12-04T12:00:00');
    const escalation = dueEscalation(
      file({ stepDueAt: stepDue, externalDeadline: shanghai('2026-12-07T10:00:00') }),
      now,
      policy,
      lead,
    );
    // Thursday 15:00 + 1080 business minutes = Monday 15:00: Monday 10:00 is inside the lead.
    expect(escalation).toEqual({ to: MANAGER, reason: EXTERNAL_DEADLINE_NEAR, nextStepDueAt: stepDue });
  });

  it('a settlement deadline beyond the lead does not escalate', () => {
    expect(
      dueEscalation(
        file({ stepDueAt: shanghai('2026-12-04T12:00:00'), externalDeadline: shanghai('2026-12-07T15:30:00') }),
        now,
        policy,
        lead,
      ),
    ).toBeUndefined();
  });

  it('the lead counts business time: over a weekend it reaches into the next week', () => {
    expect(externalDeadlineHorizon(shanghai('2026-12-04T15:00:00'), lead, policy)).toEqual(
      shanghai('2026-12-08T15:00:00'),
    );
  });

  it('a file already with the manager is not escalated for its external deadline', () => {
    expect(dueEscalation(file({ escalationLevel: MANAGER, externalDeadline: now }), now, policy, lead)).toBeUndefined();
  });
});

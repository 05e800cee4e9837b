import { ComplaintStage, EscalationLevel, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { addBusinessMinutes } from '@cs/shop-time';
import { type StepDeadlinePolicy, stepDueAt } from './step-deadline.rule.js';

/** Escalation rule: a critical complaint starts with a supervisor; every other one with the agent. */
export function initialEscalationLevel(severity: Severity): EscalationLevel {
  return severity === Severity.SEVERITY_CRITICAL
    ? EscalationLevel.ESCALATION_LEVEL_SUPERVISOR
    : EscalationLevel.ESCALATION_LEVEL_AGENT;
}

/** Escalation rule: agent → supervisor → manager; the manager answers for the company, nobody is above. */
export function nextEscalationLevel(level: EscalationLevel): EscalationLevel | undefined {
  switch (level) {
    case EscalationLevel.ESCALATION_LEVEL_UNSPECIFIED:
    case EscalationLevel.ESCALATION_LEVEL_AGENT:
      return EscalationLevel.ESCALATION_LEVEL_SUPERVISOR;
    case EscalationLevel.ESCALATION_LEVEL_SUPERVISOR:
      return EscalationLevel.ESCALATION_LEVEL_MANAGER;
    default:
      return undefined;
  }
}

/** What the deadline sweep looks at on one file. */
export interface EscalationCandidate {
  stage: ComplaintStage;
  severity: Severity;
  escalationLevel: EscalationLevel;
  stepDueAt?: Date | null;
  externalDeadline?: Date | null;
}

export interface AutomaticEscalation {
  to: EscalationLevel;
  /** As the event and the file's history show it, e.g. "verifying overdue". */
  reason: string;
  /** The step's fresh deadline for the level it now sits with. */
  nextStepDueAt: Date | undefined;
}

export const EXTERNAL_DEADLINE_NEAR = 'external deadline near';

const stageWords: Partial<Record<ComplaintStage, string>> = {
  [ComplaintStage.COMPLAINT_STAGE_VERIFYING]: 'verifying',
  [ComplaintStage.COMPLAINT_STAGE_ANALYSING]: 'analysing',
  [ComplaintStage.COMPLAINT_STAGE_PROPOSING]: 'proposing',
  [ComplaintStage.COMPLAINT_STAGE_EXECUTING]: 'executing',
  [ComplaintStage.COMPLAINT_STAGE_CONFIRMING]: 'confirming',
};

/**
 * The instant up to which an external deadline counts as near: `leadMinutes` business minutes from
 * now. A file whose platform / 12315 deadline falls before it goes to the manager now.
 */
export function externalDeadlineHorizon(now: Date, leadMinutes: number, policy: StepDeadlinePolicy): Date {
  return addBusinessMinutes(now, leadMinutes, policy.calendar) ?? now;
}

/**
 * Overdue escalation rule (逐级上报): an overdue step moves the file one level up — agent →
 * supervisor → manager — and the new level gets the step's time again before the next escalation.
 * External deadline rule: a platform / 12315 file whose settlement deadline is within the lead
 * goes straight to the manager, who answers for the company, ahead of the deadline. Archived
 * files and files already with the manager are never escalated automatically.
 */
export function dueEscalation(
  file: EscalationCandidate,
  now: Date,
  policy: StepDeadlinePolicy,
  externalLeadMinutes: number,
): AutomaticEscalation | undefined {
  if (file.stage === ComplaintStage.COMPLAINT_STAGE_ARCHIVED) return undefined;
  const next = nextEscalationLevel(file.escalationLevel);
  if (!next) return undefined;
  const nextStepDueAt = stepDueAt(file.stage, file.severity, now, policy);
  if (file.externalDeadline && file.externalDeadline <= externalDeadlineHorizon(now, externalLeadMinutes, policy)) {
    // The step keeps its own deadline: only the level changes.
    return {
      to: EscalationLevel.ESCALATION_LEVEL_MANAGER,
      reason: EXTERNAL_DEADLINE_NEAR,
      nextStepDueAt: file.stepDueAt ?? nextStepDueAt,
    };
  }
  if (file.stepDueAt && file.stepDueAt <= now) {
    return { to: next, reason: `${stageWords[file.stage] ?? 'step'} overdue`, nextStepDueAt };
  }
  return undefined;
}

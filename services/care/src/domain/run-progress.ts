import type { MessageDecision } from './message-eligibility.rule.js';

/** A campaign run's counts: customers reached, and what was decided per customer x channel. */
export interface RunProgress {
  targeted: number;
  sent: number;
  held: number;
  skippedByCap: number;
  skippedByOptOut: number;
  failed: number;
  delivered: number;
}

export const emptyProgress = (): RunProgress => ({
  targeted: 0,
  sent: 0,
  held: 0,
  skippedByCap: 0,
  skippedByOptOut: 0,
  failed: 0,
  delivered: 0,
});

/** Adds one decision to the counts; a held message is counted as sent when its window opens. */
export function countDecision(progress: RunProgress, decision: MessageDecision): void {
  if (decision.kind === 'send') progress.sent++;
  else if (decision.kind === 'hold') progress.held++;
  else if (decision.kind === 'skip-cap') progress.skippedByCap++;
  else progress.skippedByOptOut++;
}

import { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { AgentReplyChecks } from '@cs/contracts/cs/inquiry/v1/reports_service';
import type { OutcomeCount, PhraseRow } from '../infrastructure/reply-check-figures.query.js';

/** The phrases a report names per agent: enough to coach on, short enough to read. */
export const TOP_PHRASES = 5;

export interface OutcomeTotals {
  refused: number;
  warned: number;
  unchecked: number;
}

/** Refused / warned / unchecked per agent or conversation id. */
export function totalsByKey(rows: readonly OutcomeCount[]): Map<string, OutcomeTotals> {
  const totals = new Map<string, OutcomeTotals>();
  for (const row of rows) {
    const t = totals.get(row.key) ?? { refused: 0, warned: 0, unchecked: 0 };
    if (row.outcome === ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED) t.refused += row.count;
    else if (row.outcome === ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED) t.warned += row.count;
    else if (row.outcome === ReplyCheckOutcome.REPLY_CHECK_OUTCOME_UNCHECKED) t.unchecked += row.count;
    totals.set(row.key, t);
  }
  return totals;
}

/** The agent's report lines, by agent id; each with its most frequent phrases (ties by phrase, for a stable report). */
export function agentReplyChecks(outcomes: readonly OutcomeCount[], phrases: readonly PhraseRow[]): AgentReplyChecks[] {
  return [...totalsByKey(outcomes)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agentId, t]) => ({
      agentId,
      checksRecorded: t.refused + t.warned + t.unchecked,
      repliesRefused: t.refused,
      repliesSentWithWarning: t.warned,
      repliesSentUnchecked: t.unchecked,
      topViolatedPhrases: phrases
        .filter((p) => p.agentId === agentId)
        .sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase))
        .slice(0, TOP_PHRASES)
        .map(({ phrase, count }) => ({ phrase, count })),
    }));
}

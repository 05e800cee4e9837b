import { shopWallClock } from '@cs/shop-time';

/**
 * Agent penalties (奖罚评分表, domain.md §4): a complaint whose analysis names an agent's service as
 * the cause costs that agent 20 CNY the first time in a calendar month of shop time, and doubles for
 * each further one that month: 20, 40, 80, …
 *
 * Numbering: a penalty keeps the number (and amount) it was imposed with; reversing one never
 * renumbers the others, because amounts already announced on the score sheet must not change under
 * the agent. A new penalty takes the number after the highest one still in force that month, so a
 * new penalty never costs less than one already in force; when every penalty of the month has been
 * reversed, the next one is the month's first again (20 CNY).
 */
export const PENALTY_BASE_MINOR = 2000;
export const PENALTY_CURRENCY = 'CNY';

/** The shop-time calendar month (YYYY-MM) a penalty imposed at this instant counts in. */
export function penaltyMonth(at: Date, timeZone: string): string {
  const c = shopWallClock(at, timeZone);
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}`;
}

/** The doubling: the n-th penalty of a month costs base × 2^(n-1) (20, 40, 80, … CNY by default). */
export function penaltyAmountMinor(sequence: number, baseMinor = PENALTY_BASE_MINOR): number {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError(`penalty sequence must be ≥ 1, got ${sequence}`);
  return baseMinor * 2 ** (sequence - 1);
}

/** The number the next penalty of the month takes, given the numbers of those still in force. */
export function nextPenaltySequence(inForceSequences: readonly number[]): number {
  return inForceSequences.reduce((max, n) => Math.max(max, n), 0) + 1;
}

export interface InForcePenalty {
  penaltyId: string;
  agentId: string;
}

export interface PenaltyPlan {
  /** Penalties of this complaint to reverse: their agent is no longer the one the analysis names. */
  reverse: InForcePenalty[];
  /** The agent to impose a penalty on, when the analysis names one who has none in force for it. */
  imposeOn?: string;
}

/**
 * What a (re)analysis of one complaint changes: the agent it names (if any) must have exactly one
 * penalty in force for the complaint, and nobody else any. Derived from what is in force rather than
 * from the previous analysis, so recording the same analysis twice changes nothing.
 */
export function planPenaltyChange(inForce: readonly InForcePenalty[], namedAgentId: string | undefined): PenaltyPlan {
  const reverse = inForce.filter((p) => p.agentId !== namedAgentId);
  const alreadyPenalised = namedAgentId !== undefined && inForce.some((p) => p.agentId === namedAgentId);
  return namedAgentId && !alreadyPenalised ? { reverse, imposeOn: namedAgentId } : { reverse };
}

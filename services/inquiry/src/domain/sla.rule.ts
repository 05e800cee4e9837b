import { SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { addBusinessMinutes, businessMinutesBetween, type Pause, type ShiftCalendar } from './business-hours.rule.js';

/** Targets in business minutes, per class and priority. */
export interface SlaTargets {
  firstResponseMinutes: number;
  nextResponseMinutes: number;
  resolutionMinutes: number;
}

/** What the clocks need to know about a conversation. */
export interface SlaFacts {
  openedAt: Date;
  firstResponseAt: Date | null;
  /** The earliest customer message not yet answered after the first reply. */
  awaitingReplySince: Date | null;
  /** Business minutes of the last completed next response (null before any). */
  lastNextResponseMinutes: number | null;
  closedAt: Date | null;
  pauses: Pause[];
}

export interface ClockReading {
  metric: SlaMetric;
  targetMinutes: number;
  elapsedMinutes: number;
  stopped: boolean;
  nearBreach: boolean;
  breached: boolean;
  /** When this clock started: a next-response clock restarts with every unanswered customer message. */
  startedAt: Date;
}

/** Near breach from this share of the target on (the supervisor's early warning). */
export const NEAR_BREACH_SHARE = 0.8;

function reading(metric: SlaMetric, target: number, elapsed: number, stopped: boolean, startedAt: Date): ClockReading {
  return {
    metric,
    targetMinutes: target,
    elapsedMinutes: elapsed,
    stopped,
    nearBreach: elapsed >= target * NEAR_BREACH_SHARE,
    breached: elapsed > target,
    startedAt,
  };
}

/**
 * The three SLA clocks, counted in business minutes of the shift calendar and paused while the
 * conversation waits on the customer: first response (open → first reply), next response (an
 * unanswered customer message → the reply), resolution (open → closed).
 */
export function readSlaClocks(
  facts: SlaFacts,
  targets: SlaTargets,
  now: Date,
  calendar: ShiftCalendar,
): ClockReading[] {
  const minutes = (from: Date, to: Date) => businessMinutesBetween(from, to, calendar, facts.pauses);
  const end = facts.closedAt ?? now;
  const clocks = [
    reading(
      SlaMetric.SLA_METRIC_FIRST_RESPONSE,
      targets.firstResponseMinutes,
      minutes(facts.openedAt, facts.firstResponseAt ?? end),
      facts.firstResponseAt !== null || facts.closedAt !== null,
      facts.openedAt,
    ),
  ];
  if (facts.firstResponseAt && facts.awaitingReplySince) {
    clocks.push(
      reading(
        SlaMetric.SLA_METRIC_NEXT_RESPONSE,
        targets.nextResponseMinutes,
        minutes(facts.awaitingReplySince, end),
        facts.closedAt !== null,
        facts.awaitingReplySince,
      ),
    );
  } else if (facts.lastNextResponseMinutes !== null && facts.firstResponseAt) {
    clocks.push(
      reading(
        SlaMetric.SLA_METRIC_NEXT_RESPONSE,
        targets.nextResponseMinutes,
        facts.lastNextResponseMinutes,
        true,
        facts.firstResponseAt,
      ),
    );
  }
  clocks.push(
    reading(
      SlaMetric.SLA_METRIC_RESOLUTION,
      targets.resolutionMinutes,
      minutes(facts.openedAt, end),
      facts.closedAt !== null,
      facts.openedAt,
    ),
  );
  return clocks;
}

/** The key under which a clock's warning is raised once (a next-response clock per unanswered message). */
export function clockKey(clock: ClockReading): string {
  return `${clock.metric}@${clock.startedAt.toISOString()}`;
}

export type SlaWarning = 'near' | 'breached';

/**
 * The warning a running clock calls for now, given what was already raised for it: near-breach and
 * breach each once per clock, and no near-breach after the breach.
 */
export function warningDue(clock: ClockReading, alreadyRaised: SlaWarning | undefined): SlaWarning | undefined {
  if (clock.stopped) return undefined;
  if (clock.breached) return alreadyRaised === 'breached' ? undefined : 'breached';
  if (clock.nearBreach) return alreadyRaised ? undefined : 'near';
  return undefined;
}

/**
 * When the next warning of a clock falls due if nothing changes: the instant its business minutes
 * reach 80 % of the target (near breach) or pass the target (breach), given what was already raised.
 * `now` when one is due already; undefined when none can come (stopped, breach raised, or the clock
 * paused while waiting on the customer — the customer's next message changes the conversation).
 */
export function nextWarningAt(
  clock: ClockReading,
  alreadyRaised: SlaWarning | undefined,
  now: Date,
  calendar: ShiftCalendar,
  paused: boolean,
): Date | undefined {
  if (clock.stopped || alreadyRaised === 'breached') return undefined;
  if (warningDue(clock, alreadyRaised)) return now;
  if (paused) return undefined;
  // Near breach is raised once and never after it: with it raised, only the breach is left.
  const breach = alreadyRaised === 'near';
  const threshold = breach ? clock.targetMinutes : clock.targetMinutes * NEAR_BREACH_SHARE;
  const at = addBusinessMinutes(now, Math.max(0, threshold - clock.elapsedMinutes), calendar);
  // One millisecond on: a breach is strictly past the target, and 80 % of it is not exact in binary
  // (3 × 0.8 > 2.4), so the instant itself could read as not yet due.
  return at && new Date(at.getTime() + 1);
}

/** The earliest next warning over a conversation's clocks (null: none due until it changes). */
export function nextSlaDue(
  clocks: readonly ClockReading[],
  raised: Readonly<Record<string, SlaWarning>>,
  now: Date,
  calendar: ShiftCalendar,
  paused: boolean,
): Date | null {
  let earliest: Date | null = null;
  for (const clock of clocks) {
    const at = nextWarningAt(clock, raised[clockKey(clock)], now, calendar, paused);
    if (at && (!earliest || at < earliest)) earliest = at;
  }
  return earliest;
}

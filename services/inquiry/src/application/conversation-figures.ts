import type { Conversation } from '../domain/conversation.aggregate.js';
import type { ClockReading } from '../domain/sla.rule.js';

/** One conversation's numbers, as reports and the CSV export use them. */
export interface ConversationFigures {
  conversation: Conversation;
  clocks: ClockReading[];
}

const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const round = (n: number) => Math.round(n * 100) / 100;

/** Response times and SLA met % over a set of conversations (a clock is met unless breached). */
export function summarise(rows: ConversationFigures[]) {
  const clocks = rows.flatMap((r) => r.clocks);
  const first = rows.map((r) => r.conversation.firstResponseMinutes).filter((m): m is number => m !== null);
  const next = rows.flatMap((r) => r.conversation.nextResponseMinutes);
  return {
    conversations: rows.length,
    avgFirstResponseMinutes: round(average(first)),
    avgNextResponseMinutes: round(average(next)),
    slaMetPercent: clocks.length ? round((100 * clocks.filter((c) => !c.breached).length) / clocks.length) : 100,
  };
}

export function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

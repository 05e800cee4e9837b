import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import { Violations } from '@cs/errors';
import { fromTimestamp } from './timestamps.js';

const maxDays = 366;

/** A report's [from, to): both required, from before to, at most a year. */
export function readPeriod(from: Timestamp | undefined, to: Timestamp | undefined): { from: Date; to: Date } {
  const violations = new Violations();
  if (!from) violations.add('from', 'is required');
  if (!to) violations.add('to', 'is required');
  violations.throwIfAny();
  const period = { from: fromTimestamp(from!), to: fromTimestamp(to!) };
  if (Number.isNaN(period.from.getTime())) violations.add('from', 'must be a valid timestamp');
  if (Number.isNaN(period.to.getTime())) violations.add('to', 'must be a valid timestamp');
  else if (period.to <= period.from) violations.add('to', 'must be after from');
  else if (period.to.getTime() - period.from.getTime() > maxDays * 86_400_000)
    violations.add('to', `must be at most ${maxDays} days after from`);
  violations.throwIfAny();
  return period;
}

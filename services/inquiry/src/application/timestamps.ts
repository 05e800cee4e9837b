import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';

export function toTimestamp(date: Date | null | undefined): Timestamp | undefined {
  if (!date) return undefined;
  const ms = new Date(date).getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function fromTimestamp(ts: Timestamp): Date {
  return new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1_000_000));
}

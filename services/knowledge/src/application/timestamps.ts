import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';

export function toTimestamp(at: Date | string): Timestamp {
  const ms = new Date(at).getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function fromTimestamp(t: Timestamp): Date {
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1_000_000));
}

import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';

export function toTimestamp(date: Date | string): Timestamp {
  const millis = new Date(date).getTime();
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 };
}

export function fromTimestamp(timestamp: Timestamp): Date {
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}

export const optionalTimestamp = (date: Date | string | undefined | null) => (date ? toTimestamp(date) : undefined);

import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';

export function toTimestamp(date: Date): Timestamp {
  const millis = date.getTime();
  return { seconds: Math.floor(millis / 1000), nanos: (((millis % 1000) + 1000) % 1000) * 1_000_000 };
}

export function fromTimestamp(timestamp: Timestamp | undefined): Date | undefined {
  if (!timestamp || (timestamp.seconds === 0 && timestamp.nanos === 0)) return undefined;
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}

export const optionalTimestamp = (date: Date | null | undefined) => (date ? toTimestamp(date) : undefined);

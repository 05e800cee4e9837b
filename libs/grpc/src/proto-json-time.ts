type Report = (path: string, description: string) => void;

// RFC 3339 with an upper-case T and Z or a numeric offset; at most nanosecond precision.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/;
// google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
const minSeconds = -62_135_596_800;
const maxSeconds = 253_402_300_799;
const maxDurationSeconds = 315_576_000_000n;

/** A google.protobuf.Timestamp in proto3 JSON: an RFC 3339 string inside the Timestamp range. */
export function checkTimestamp(value: unknown, path: string, report: Report): void {
  const wanted = 'must be an RFC 3339 timestamp such as "2026-12-03T10:15:00Z"';
  if (typeof value !== 'string') {
    report(path, wanted);
    return;
  }
  const m = rfc3339.exec(value);
  if (!m) {
    report(path, wanted);
    return;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = m[9] ? Number(m[9]) : 0;
  const offsetMinutes = m[10] ? Number(m[10]) : 0;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    report(path, `${wanted}; ${JSON.stringify(value)} is not a real instant`);
    return;
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  const sign = m[8]?.startsWith('-') ? -1 : 1;
  const seconds = local.getTime() / 1000 - (m[8] === 'Z' ? 0 : sign * (offsetHours * 3600 + offsetMinutes * 60));
  if (seconds < minSeconds || seconds > maxSeconds) report(path, 'is outside 0001-01-01 to 9999-12-31');
}

/** A google.protobuf.Duration in proto3 JSON: seconds with an "s" suffix, e.g. "1.5s". */
export function checkDuration(value: unknown, path: string, report: Report): void {
  const m = typeof value === 'string' ? /^-?(\d{1,12})(?:\.\d{1,9})?s$/.exec(value) : null;
  if (!m) {
    report(path, 'must be a duration such as "90s" or "1.5s"');
    return;
  }
  if (BigInt(m[1] ?? '0') > maxDurationSeconds) report(path, 'is out of range (at most 315576000000s)');
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

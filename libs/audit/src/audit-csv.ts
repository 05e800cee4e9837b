import type { ChainedRecord } from './audit-entry.js';

const header = 'seq,at,subject,roles,via,service,rpc,ids,trace_id,outcome,prev_hash,hash';

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(r: ChainedRecord): string {
  const ids = Object.entries(r.ids)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    String(r.seq),
    r.at.toISOString(),
    r.subject,
    r.roles.join(' '),
    r.via,
    r.service,
    r.rpc,
    ids,
    r.traceId,
    r.outcome,
    r.prevHash,
    r.hash,
  ]
    .map(cell)
    .join(',');
}

/** Header and rows, stopping before `maxBytes`; says how many rows fit. */
export function toCsv(records: ChainedRecord[], maxBytes: number): { csv: string; rows: number } {
  const lines = [header];
  let bytes = header.length + 2;
  let rows = 0;
  for (const record of records) {
    const line = csvRow(record);
    const size = Buffer.byteLength(line) + 2;
    if (bytes + size > maxBytes) break;
    lines.push(line);
    bytes += size;
    rows += 1;
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows };
}

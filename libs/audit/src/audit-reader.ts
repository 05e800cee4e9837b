import { AUDIT_GENESIS_HASH } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChainedRecord, chainHash } from './audit-entry.js';

/** Every filter set must match. */
export interface AuditQuery {
  subject?: string;
  /** A full RPC path, or a prefix ending in '/' for a whole service. */
  rpc?: string;
  /** 'ok' or a gRPC status name. */
  outcome?: string;
  from?: Date;
  to?: Date;
  /** Any id of the call equals this. */
  idValue?: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number;
  reason: string;
}

interface Row {
  seq: string | number;
  at: string;
  subject: string;
  roles: string[];
  via: string;
  service: string;
  rpc: string;
  ids: Record<string, string>;
  trace_id: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

// The time as the hash saw it (ISO-8601 UTC, milliseconds), whatever the driver's date parsing.
const columns = `seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, subject, roles, via,
  service, rpc, ids, trace_id, outcome, prev_hash, hash`;

/** Records after `afterSeq` that match, oldest first, at most `limit`. */
export async function findRecords(
  em: EntityManager,
  query: AuditQuery,
  afterSeq: number,
  limit: number,
): Promise<ChainedRecord[]> {
  const where = ['seq > ?'];
  const params: unknown[] = [afterSeq];
  if (query.subject) {
    where.push('subject = ?');
    params.push(query.subject);
  }
  if (query.rpc) {
    where.push(query.rpc.endsWith('/') ? 'starts_with(rpc, ?)' : 'rpc = ?');
    params.push(query.rpc);
  }
  if (query.outcome) {
    where.push(`split_part(outcome, ':', 1) = ?`);
    params.push(query.outcome);
  }
  if (query.from) {
    where.push('at >= ?::timestamptz');
    params.push(query.from.toISOString());
  }
  if (query.to) {
    where.push('at < ?::timestamptz');
    params.push(query.to.toISOString());
  }
  if (query.idValue) {
    where.push('audit_id_values(ids) @> array[?]::text[]');
    params.push(query.idValue);
  }
  const rows = await em.execute<Row[]>(
    `select ${columns} from audit_records where ${where.join(' and ')} order by seq limit ?`,
    [...params, limit],
  );
  return rows.map(recordOf);
}

/**
 * Walks the chain up to the head, recomputing every hash: an edited row no longer matches its
 * hash, an inserted or reordered one breaks a link, a deleted one leaves a gap in seq, and a
 * deleted tail falls short of the head.
 */
export async function verifyChain(em: EntityManager, batch = 1000): Promise<ChainVerdict> {
  const [head] = await em.execute<{ seq: string | number; hash: string }[]>('select seq, hash from audit_chain_head');
  if (!head) return { ok: false, checked: 0, firstBrokenSeq: 1, reason: 'the chain head is missing' };
  const headSeq = Number(head.seq);
  let prevHash = AUDIT_GENESIS_HASH;
  let last = 0;
  let checked = 0;
  const broken = (seq: number, reason: string): ChainVerdict => ({ ok: false, checked, firstBrokenSeq: seq, reason });
  while (last < headSeq) {
    const rows = await em.execute<Row[]>(
      `select ${columns} from audit_records where seq > ? and seq <= ? order by seq limit ?`,
      [last, headSeq, batch],
    );
    if (rows.length === 0) break;
    for (const record of rows.map(recordOf)) {
      if (record.seq !== last + 1) return broken(last + 1, `records ${last + 1}..${record.seq - 1} are missing`);
      if (record.prevHash !== prevHash) return broken(record.seq, 'prev_hash does not link to the record before');
      if (chainHash(prevHash, record.seq, record) !== record.hash) {
        return broken(record.seq, 'hash differs: the record was edited');
      }
      checked += 1;
      prevHash = record.hash;
      last = record.seq;
    }
  }
  if (last < headSeq)
    return broken(last + 1, `records ${last + 1}..${headSeq} are missing (the head is at ${headSeq})`);
  if (prevHash !== head.hash) return broken(headSeq, 'the chain head hash differs from the last record');
  return { ok: true, checked, firstBrokenSeq: 0, reason: '' };
}

function recordOf(row: Row): ChainedRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at),
    subject: row.subject,
    roles: row.roles,
    via: row.via,
    service: row.service,
    rpc: row.rpc,
    ids: row.ids,
    traceId: row.trace_id,
    outcome: row.outcome,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

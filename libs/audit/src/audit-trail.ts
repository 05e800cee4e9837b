import { COMMAND_SESSION_OPTIONS, createResilientPool, type DatabasePoolSettings } from '@cs/persistence';
import type pg from 'pg';
import { type AuditEntry, chainHash } from './audit-entry.js';

/** application_name of the audit trail's connection in pg_stat_activity. */
export const AUDIT_APPLICATION_NAME = 'cs-audit';

/**
 * The trail's own connection. One is enough: a trail writes one flush at a time. Its own, so the
 * append is a prepared statement, planned once per session (with the command pool's settings, an
 * index plan however the chain grows), and its records travel as a parameter instead of being
 * spelled into the SQL text as the ORM would.
 */
export function createAuditPool(url: string, settings: DatabasePoolSettings = {}): pg.Pool {
  return createResilientPool(url, {
    ...settings,
    max: 1,
    applicationName: AUDIT_APPLICATION_NAME,
    sessionOptions: COMMAND_SESSION_OPTIONS,
  });
}

/** The last record of the chain: the seq and hash the next record follows. */
interface Head {
  seq: number;
  hash: string;
}

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Inserts the records given as a JSON array in parameter $n. */
const insertRecords = (
  n: number,
) => `insert into audit_records (seq, at, subject, roles, via, service, rpc, ids, trace_id, outcome, prev_hash, hash)
  select seq, at, subject, roles, via, service, rpc, ids, trace_id, outcome, prev_hash, hash
  from jsonb_to_recordset($${n}::jsonb) as r(seq bigint, at timestamptz, subject text, roles text[], via text,
    service text, rpc text, ids jsonb, trace_id text, outcome text, prev_hash text, hash text)`;

/**
 * Appends records to this service's audit chain with group commit: the first record starts a
 * flush at once; records that arrive while it is in flight wait and go together in the next one
 * (one transaction, one insert). Every `append` resolves only once its record is committed, so a
 * call's reply never leaves before its record is durable.
 *
 * The chain head row serialises appenders, across requests and replicas, so every seq follows the
 * last without a gap. Fast path: this replica remembers the head it wrote last and appends in one
 * statement that moves the head only if it is still there (the UPDATE waits for, then re-checks
 * against, any concurrent appender). When another replica has appended since, it falls back to
 * locking the head (FOR UPDATE), reading it and appending in one transaction.
 */
export class AuditTrail {
  private readonly queue: Pending[] = [];
  private flushing = false;
  private head: Head | undefined;
  /** Transactions committed so far: fewer than records appended when calls arrive together. */
  flushes = 0;

  constructor(
    /** createAuditPool's: one connection, the append prepared on it. */
    private readonly pool: pg.Pool,
    /** The service whose trail this is; every record names it. */
    readonly service: string,
    private readonly maxBatch = 500,
  ) {}

  append(entry: Omit<AuditEntry, 'service'>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry: { ...entry, service: this.service }, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.write(batch.map((p) => p.entry));
          this.flushes += 1;
          for (const p of batch) p.resolve();
        } catch (error) {
          this.head = undefined;
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(entries: AuditEntry[]): Promise<void> {
    if (this.head && (await this.appendIfHeadIs(this.head, entries))) return;
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('begin');
      const { rows: heads } = await client.query<{ seq: string; hash: string }>(
        'select seq, hash from audit_chain_head for update',
      );
      const [head] = heads;
      if (!head) throw new Error('audit_chain_head has no row: was the 0000-audit-trail migration applied?');
      const { rows, last } = chained({ seq: Number(head.seq), hash: head.hash }, entries);
      await client.query(insertRecords(1), [JSON.stringify(rows)]);
      await client.query('update audit_chain_head set seq = $1, hash = $2', [last.seq, last.hash]);
      await client.query('commit');
      this.head = last;
    } catch (error) {
      failure = error as Error;
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      // After a failure the session is dropped rather than trusted to have ended its transaction.
      client.release(failure);
    }
  }

  /** One statement: moves the head from `head` and inserts the records, or does nothing if the head has moved. */
  private async appendIfHeadIs(head: Head, entries: AuditEntry[]): Promise<boolean> {
    const { rows, last } = chained(head, entries);
    const inserted = await this.pool.query<{ seq: string }>({
      name: 'cs-audit-append',
      text: APPEND_IF_HEAD_IS,
      values: [last.seq, last.hash, head.seq, head.hash, JSON.stringify(rows)],
    });
    if (inserted.rowCount === 0) return false;
    this.head = last;
    return true;
  }
}

const APPEND_IF_HEAD_IS = `with moved as (
    update audit_chain_head set seq = $1, hash = $2 where seq = $3 and hash = $4 returning seq
  ) ${insertRecords(5)} where exists (select 1 from moved) returning seq`;

/** The rows that follow `head`, each hash chaining the one before, and the new head. */
function chained(head: Head, entries: AuditEntry[]): { rows: object[]; last: Head } {
  let { seq, hash: prevHash } = head;
  const rows = entries.map((entry) => {
    seq += 1;
    const hash = chainHash(prevHash, seq, entry);
    const row = { ...entry, seq, at: entry.at.toISOString(), trace_id: entry.traceId, prev_hash: prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { rows, last: { seq, hash: prevHash } };
}

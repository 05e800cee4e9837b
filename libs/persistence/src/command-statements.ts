import { injectTraceHeaders } from '@cs/telemetry';

/** One SQL statement with $n parameters. */
export interface Statement {
  text: string;
  values?: unknown[];
}

/** Rows to insert into one table, as column → value (objects and arrays go to jsonb columns as they are). */
export interface TableRows {
  table: string;
  rows: Record<string, unknown>[];
}

/** An outbox event as the lean path writes it: its JSON body already encoded by the event's codec. */
export interface OutboxEvent {
  id: string;
  subject: string;
  aggregateId: string;
  aggregateVersion: number;
  body: unknown;
}

/** The rows Outbox.add writes for these events, with the active trace context, for the lean path. */
export function outboxRows(events: readonly OutboxEvent[]): TableRows {
  const headers = injectTraceHeaders();
  return {
    table: 'cs_outbox',
    rows: events.map((e) => ({
      id: e.id,
      subject: e.subject,
      aggregate_id: e.aggregateId,
      aggregate_version: e.aggregateVersion,
      payload: e.body,
      headers,
    })),
  };
}

/**
 * Every write of a command as ONE statement: the guard (a versioned update returning a row when it
 * matched) and the inserts, each insert conditional on the guard, so a guard that matched nothing
 * writes nothing at all and the COMMIT sent behind it commits nothing. Rows travel as one jsonb
 * array per table and take the table's own column types (jsonb_populate_recordset), so no casts are
 * spelled out; columns a row leaves out get their defaults. Returns `guarded`: the guard's row count
 * (1 without a guard).
 */
export function guardedWrite(guard: Statement | undefined, inserts: readonly TableRows[]): Statement {
  const values = [...(guard?.values ?? [])];
  const parts: string[] = [];
  if (guard) parts.push(`guard as (${guard.text})`);
  inserts
    .filter((insert) => insert.rows.length)
    .forEach((insert, index) => {
      values.push(JSON.stringify(insert.rows));
      const columns = [...new Set(insert.rows.flatMap((row) => Object.keys(row)))].map((c) => `"${c}"`);
      parts.push(
        `w${index} as (insert into "${insert.table}" (${columns.join(', ')})
          select ${columns.map((c) => `r.${c}`).join(', ')}
          from ${guard ? 'guard, ' : ''}jsonb_populate_recordset(null::"${insert.table}", $${values.length}::jsonb) r)`,
      );
    });
  const result = guard ? 'select count(*)::int as guarded from guard' : 'select 1 as guarded';
  return { text: parts.length ? `with ${parts.join(',\n')}\n${result}` : result, values };
}

/** A statement written with "?" placeholders (as em.execute takes them) in pg's $n form. */
export function numbered(sql: string, params: readonly unknown[] = []): Statement {
  let n = 0;
  // A "?" inside a quoted literal is text, not a placeholder.
  const text = sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++n}` : match));
  if (n !== params.length) throw new Error(`${n} placeholders for ${params.length} parameters: ${sql}`);
  return { text, values: [...params] };
}

import { connect } from '@nats-io/transport-node';
import pg from 'pg';

/** Rewritten every few seconds by the replicas' partition leases, whatever the input. */
const HEARTBEAT_TABLES = ['public.cs_consumer_member', 'public.cs_partition_lease'];

/**
 * Per table of a database, its row count and the transaction ids (xmin) of its rows: an insert,
 * update or delete of any row changes it. The partition leases' heartbeat tables are left out.
 */
export async function databaseSnapshot(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
        order by 1`,
    );
    const snapshot: Record<string, string> = {};
    for (const { name } of tables) {
      if (HEARTBEAT_TABLES.includes(name)) continue;
      const { rows } = await client.query<{ n: string; x: string | null }>(
        `select count(*) as n, md5(string_agg(xmin::text, ',' order by ctid)) as x from ${name}`,
      );
      snapshot[name] = `${rows[0]?.n}:${rows[0]?.x ?? ''}`;
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

/** Messages and last sequence of every JetStream stream of a subject prefix. */
export async function streamSnapshot(natsUrl: string, subjectPrefix: string): Promise<Record<string, string>> {
  const streamPrefix = `${subjectPrefix.toUpperCase().replaceAll('-', '_')}_`;
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const names: string[] = [];
    for (let offset = 0; ; offset += 1024) {
      const page = (await nc.request('$JS.API.STREAM.NAMES', JSON.stringify({ offset }), { timeout: 5000 })).json<{
        total: number;
        streams: string[] | null;
      }>();
      names.push(...(page.streams ?? []).filter((name) => name.startsWith(streamPrefix)));
      if (offset + 1024 >= page.total) break;
    }
    const snapshot: Record<string, string> = {};
    for (const name of names) {
      const info = (await nc.request(`$JS.API.STREAM.INFO.${name}`, '', { timeout: 5000 })).json<{
        state: { messages: number; last_seq: number };
      }>();
      snapshot[name] = `${info.state.messages} messages, last ${info.state.last_seq}`;
    }
    return snapshot;
  } finally {
    await nc.close();
  }
}

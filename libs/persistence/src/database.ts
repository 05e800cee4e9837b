import pg from 'pg';

/** Splits a PostgreSQL URL into the server URL (maintenance database) and the database name. */
export function parseDatabaseUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`database URL names no database: ${redactUrl(url)}`);
  parsed.pathname = '/postgres';
  return { serverUrl: parsed.toString(), database };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A short-lived admin connection; a server-side termination rejects its query instead of crashing the process. */
async function adminClient(serverUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Creates the service's database when missing; returns whether it did. Safe when replicas race. */
export async function ensureDatabaseExists(url: string, template?: string): Promise<boolean> {
  const { serverUrl, database } = parseDatabaseUrl(url);
  const client = await adminClient(serverUrl);
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount) return false;
    const from = template ? ` template ${quoteIdent(template)}` : '';
    try {
      await client.query(`create database ${quoteIdent(database)}${from}`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database: another replica created it first.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { serverUrl, database } = parseDatabaseUrl(url);
  const client = await adminClient(serverUrl);
  try {
    await client.query(`drop database if exists ${quoteIdent(database)} with (force)`);
  } finally {
    await client.end();
  }
}

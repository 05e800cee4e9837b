import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore, StoredBlob } from './blob-store.js';

export type { StoredBlob } from './blob-store.js';

const tableNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** The table a PostgresBlobStore keeps its rows in; each service creates its own in its migrations. */
export const blobTableSql = (table: string) =>
  `create table ${checkedTable(table)} (
      key text primary key,
      content_type text not null,
      content bytea not null,
      created_at timestamptz not null default now()
    )`;

function checkedTable(table: string): string {
  if (!tableNamePattern.test(table)) throw new Error(`not a plain table name: ${table}`);
  return table;
}

/**
 * Files (evidence photos…) as bytea rows in the service's own database: no extra infrastructure to run.
 * Writes go through the caller's em, so they join its transaction. A service binds it to its own
 * storage port; an S3/OSS implementation of that port can replace it without touching the use cases.
 */
export class PostgresBlobStore implements BlobStore {
  private readonly table: string;

  constructor(table: string) {
    this.table = checkedTable(table);
  }

  async put(em: EntityManager, key: string, blob: StoredBlob): Promise<void> {
    await em.execute(`insert into ${this.table} (key, content_type, content) values (?, ?, ?)`, [
      key,
      blob.contentType,
      Buffer.from(blob.content),
    ]);
  }

  async get(em: EntityManager, key: string): Promise<StoredBlob | undefined> {
    const rows = await em.execute<{ content_type: string; content: Buffer }[]>(
      `select content_type, content from ${this.table} where key = ?`,
      [key],
    );
    const row = rows[0];
    return row ? { contentType: row.content_type, content: new Uint8Array(row.content) } : undefined;
  }
}

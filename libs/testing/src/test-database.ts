import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabaseExists, withDatabase } from '@cs/persistence';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database of this test file's own, so files run in parallel and in any order: empty, or a
 * copy of `template` (see ensureTemplateDatabase), which is far quicker than migrating per file.
 */
export async function createTestDatabase(serverUrl: string, label: string, template?: string): Promise<TestDatabase> {
  const name = `t_${label.replace(/\W/g, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  await ensureDatabaseExists(url, template);
  return { url, drop: () => dropDatabase(url) };
}

/** A subject and stream prefix of this test file's own, e.g. "t3f9a1c" → t3f9a1c.cs.orders.… on T3F9A1C_CS_ORDERS. */
export function uniqueSubjectPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

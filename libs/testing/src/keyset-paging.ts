import { expect } from 'vitest';

/** One page of a list as ids, with the token of the next page ('' on the last). */
export interface PageOfIds {
  ids: string[];
  next: string;
}

/**
 * The keyset guarantee, checked: read page 1 (of two pages), let `insertAhead` add a row that sorts before
 * page 1's last row, read page 2 with page 1's token. Together the pages must hold exactly the first rows of
 * the list as it was before the insert, each once and in order. An offset token fails this: the insert shifts page 2 by one, so page
 * 1's last row comes again and the list's last row is hidden.
 */
export async function expectStableAcrossInsert(
  list: (pageToken: string) => Promise<PageOfIds>,
  insertAhead: () => Promise<unknown>,
): Promise<void> {
  const all: string[] = [];
  for (let token = '', first = true; first || token; first = false) {
    const page = await list(token);
    all.push(...page.ids);
    token = page.next;
  }
  const first = await list('');
  expect(first.next).not.toBe('');
  await insertAhead();
  const second = await list(first.next);
  const both = [...first.ids, ...second.ids];
  expect(both).toEqual(all.slice(0, both.length));
}

/**
 * Inserts a copy of a row with some columns replaced (new id, sort time…): seeds lists without knowing
 * every column. `execute` is the ORM connection's, e.g. `(sql, params) => em.execute(sql, params)`.
 */
export async function cloneRow(
  execute: (sql: string, params: unknown[]) => Promise<unknown>,
  table: string,
  where: Record<string, unknown>,
  patch: Record<string, unknown>,
): Promise<void> {
  const conditions = Object.keys(where).map((column) => `t.${column} = ?`);
  await execute(
    `insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(t) || ?::jsonb)).*
     from ${table} t where ${conditions.join(' and ')}`,
    [JSON.stringify(patch), ...Object.values(where)],
  );
}

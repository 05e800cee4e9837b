import type { Violations } from '@cs/errors';

/** The shape of cs.common.v1.PageRequest (structural, so this lib needs no generated contracts). */
export interface PageRequestFields {
  pageSize?: number;
  pageToken?: string;
}

/** Which rows a page holds: fetch `limit + 1` from `offset` to learn whether another page follows. */
export interface Page {
  limit: number;
  offset: number;
}

const defaultPageSize = 50;
const maxPageSize = 200;

/** Reads a PageRequest: 0 means 50, at most 200; the token is opaque to callers (base64url of the offset). */
export function readPage(request: PageRequestFields | undefined | null, violations: Violations, field = 'page'): Page {
  const size = request?.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize)
    violations.add(`${field}.page_size`, `must be 0..${maxPageSize} (0 means ${defaultPageSize})`);
  let offset = 0;
  if (request?.pageToken) {
    const decoded = /^o:(\d{1,9})$/.exec(Buffer.from(request.pageToken, 'base64url').toString('utf8'));
    if (decoded) offset = Number(decoded[1]);
    else violations.add(`${field}.page_token`, 'is not a token returned by a previous page');
  }
  return { limit: size || defaultPageSize, offset };
}

/** The next page's token when more rows follow the `returned` ones; '' on the last page. */
export function nextPageToken(page: Page, returned: number, hasMore: boolean): string {
  return hasMore ? Buffer.from(`o:${page.offset + returned}`, 'utf8').toString('base64url') : '';
}

/** Given the `limit + 1` rows fetched, trims the extra one and gives the PageResponse. */
export function pageOf<T>(rows: T[], page: Page): { items: T[]; page: { nextPageToken: string } } {
  const items = rows.slice(0, page.limit);
  return { items, page: { nextPageToken: nextPageToken(page, items.length, rows.length > page.limit) } };
}

/**
 * Keyset paging: the token names the sort key of the last row returned, and the next page starts after
 * it. Unlike an offset, a row inserted (or removed) before the cursor neither repeats nor hides a row.
 */
/** 'time' decodes to a Date (ms, as JS writes it); 'exactTime' stays ISO text to the µs, for now()-stamped columns. */
export type KeyKind = 'time' | 'exactTime' | 'int' | 'text';
export type KeyValue = Date | number | string;
export type SortDirection = 'asc' | 'desc';

export interface KeysetPage {
  limit: number;
  /** The previous page's last sort key, in the order's columns; absent on the first page. */
  after?: KeyValue[];
}

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decodeKey(token: string, kinds: readonly KeyKind[]): KeyValue[] | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('k:')) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(text.slice(2));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length !== kinds.length) return undefined;
  const values: KeyValue[] = [];
  for (const [i, kind] of kinds.entries()) {
    const part: unknown = parts[i];
    if (kind === 'int' && Number.isSafeInteger(part)) values.push(part as number);
    else if (kind === 'text' && typeof part === 'string' && part.length > 0 && part.length <= 256) values.push(part);
    else if (kind !== 'int' && kind !== 'text' && typeof part === 'string' && isoTime.test(part)) {
      if (Number.isNaN(Date.parse(part))) return undefined;
      values.push(kind === 'time' ? new Date(part) : part);
    } else return undefined;
  }
  return values;
}

/** Reads a PageRequest for a keyset-paged list whose sort key has these kinds (e.g. ['time', 'text']). */
export function readKeysetPage(
  request: PageRequestFields | undefined | null,
  violations: Violations,
  kinds: readonly KeyKind[],
  field = 'page',
): KeysetPage {
  const size = request?.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize)
    violations.add(`${field}.page_size`, `must be 0..${maxPageSize} (0 means ${defaultPageSize})`);
  const limit = size || defaultPageSize;
  if (!request?.pageToken) return { limit };
  const after = decodeKey(request.pageToken, kinds);
  if (!after) violations.add(`${field}.page_token`, 'is not a token returned by a previous page');
  return after ? { limit, after } : { limit };
}

/** The opaque token of the page after the row whose sort key this is. */
export function keysetToken(key: readonly KeyValue[]): string {
  const parts = key.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(`k:${JSON.stringify(parts)}`, 'utf8').toString('base64url');
}

/** Given the `limit + 1` rows fetched after the cursor, trims the extra one and gives the PageResponse. */
export function keysetPageOf<T>(
  rows: T[],
  page: KeysetPage,
  keyOf: (row: T) => readonly KeyValue[],
): { items: T[]; page: { nextPageToken: string } } {
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const more = rows.length > page.limit && last !== undefined;
  return { items, page: { nextPageToken: more ? keysetToken(keyOf(last)) : '' } };
}

/**
 * The ORM filter for "after the cursor" in this order, e.g. [['openedAt', 'desc'], ['id', 'desc']]:
 * (a > x) or (a = x and b > y) …, each comparison turned for a descending column. {} on the first page.
 */
export function keysetFilter(
  order: readonly (readonly [string, SortDirection])[],
  after: readonly KeyValue[] | undefined,
): Record<string, unknown> {
  if (!after) return {};
  const branches = order.map(([name, direction], i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[order[j]![0]] = after[j];
    branch[name] = { [direction === 'asc' ? '$gt' : '$lt']: after[i] };
    return branch;
  });
  return { $or: branches };
}

/**
 * The SQL condition for "after the cursor" in this order of columns (trusted names, never input). One row
 * comparison when all columns run the same way (so a matching index serves it); '' on the first page.
 */
export function keysetSql(
  order: readonly (readonly [string, SortDirection])[],
  after: readonly KeyValue[] | undefined,
): { sql: string; params: KeyValue[] } {
  if (!after) return { sql: '', params: [] };
  const columns = order.map(([column]) => column);
  const directions = new Set(order.map(([, direction]) => direction));
  if (directions.size === 1) {
    const op = directions.has('asc') ? '>' : '<';
    return { sql: `(${columns.join(', ')}) ${op} (${columns.map(() => '?').join(', ')})`, params: [...after] };
  }
  const sql: string[] = [];
  const params: KeyValue[] = [];
  order.forEach(([column, direction], i) => {
    const equal = columns.slice(0, i).map((c) => `${c} = ?`);
    sql.push(`(${[...equal, `${column} ${direction === 'asc' ? '>' : '<'} ?`].join(' and ')})`);
    params.push(...after.slice(0, i + 1));
  });
  return { sql: `(${sql.join(' or ')})`, params };
}

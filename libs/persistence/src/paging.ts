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

import type { PageRequest, PageResponse } from '@cs/contracts/cs/common/v1/paging';
import type { Violations } from '@cs/errors';

export interface Page {
  limit: number;
  offset: number;
}

const defaultPageSize = 50;
const maxPageSize = 200;

/** Reads cs.common.v1.PageRequest: 0 means 50, at most 200; the token is opaque to callers. */
export function readPage(request: PageRequest | undefined | null, violations: Violations, field = 'page'): Page {
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

/** Fetch limit + 1 rows; this trims the extra one and says whether there is a next page. */
export function pageOf<T>(rows: T[], page: Page): { items: T[]; page: PageResponse } {
  const more = rows.length > page.limit;
  return {
    items: rows.slice(0, page.limit),
    page: { nextPageToken: more ? Buffer.from(`o:${page.offset + page.limit}`).toString('base64url') : '' },
  };
}

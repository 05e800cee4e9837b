import type { PageRequest } from '@cs/contracts/cs/common/v1/paging';
import type { Violations } from '@cs/errors';

export interface Page {
  size: number;
  offset: number;
}

/** PageRequest → size and offset; the token is opaque to callers (base64url of the offset). */
export function readPage(page: PageRequest | undefined, violations: Violations): Page {
  const size = page?.pageSize || 50;
  if (!Number.isInteger(size) || size < 1 || size > 200)
    violations.add('page.page_size', 'must be 1..200 (0 means 50)');
  let offset = 0;
  if (page?.pageToken) {
    const decoded = Number(Buffer.from(page.pageToken, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(decoded) || decoded < 0)
      violations.add('page.page_token', 'is not a token from a previous page');
    else offset = decoded;
  }
  return { size, offset };
}

/** The next page's token when this page came back full. */
export function nextPageToken(page: Page, returned: number, hasMore: boolean): string {
  return hasMore ? Buffer.from(String(page.offset + returned), 'utf8').toString('base64url') : '';
}

import type { PageRequest } from '@cs/contracts/cs/common/v1/paging';
import type { Violations } from '@cs/errors';

/** Where the previous page ended: the last row's sort time and id (keyset, never an offset). */
export interface KeysetCursor {
  at: Date;
  id: string;
}

export interface KeysetPage {
  size: number;
  after?: KeysetCursor;
}

/** PageRequest → size and cursor; the token is opaque to callers (base64url of "millis|id"). */
export function readKeysetPage(page: PageRequest | undefined, violations: Violations): KeysetPage {
  const size = page?.pageSize || 50;
  if (!Number.isInteger(size) || size < 1 || size > 200)
    violations.add('page.page_size', 'must be 1..200 (0 means 50)');
  if (!page?.pageToken) return { size };
  const [millis, id] = Buffer.from(page.pageToken, 'base64url').toString('utf8').split('|');
  const at = Number(millis);
  if (!Number.isSafeInteger(at) || !id) {
    violations.add('page.page_token', 'is not a token from a previous page');
    return { size };
  }
  return { size, after: { at: new Date(at), id } };
}

/** The token of the page after `last`, when more rows may follow. */
export function keysetToken(last: KeysetCursor | undefined, hasMore: boolean): string {
  return hasMore && last ? Buffer.from(`${last.at.getTime()}|${last.id}`, 'utf8').toString('base64url') : '';
}

import type { PageRequest, PageResponse } from '@cs/contracts/cs/common/v1/paging';
import type { Violations } from '@cs/errors';

const defaultPageSize = 50;
const maxPageSize = 200;

export interface SeqPage {
  limit: number;
  /** The last seq of the previous page: the trail only grows, so pages never shift under the reader. */
  afterSeq: number;
}

/** cs.common.v1.PageRequest over the chain's seq: 0 means 50, at most 200; the token is opaque. */
export function readSeqPage(request: PageRequest | undefined | null, violations: Violations): SeqPage {
  const size = request?.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    violations.add('page.page_size', `must be 0..${maxPageSize} (0 means ${defaultPageSize})`);
  }
  let afterSeq = 0;
  if (request?.pageToken) {
    const decoded = /^s:(\d{1,15})$/.exec(Buffer.from(request.pageToken, 'base64url').toString('utf8'));
    if (decoded) afterSeq = Number(decoded[1]);
    else violations.add('page.page_token', 'is not a token returned by a previous page');
  }
  return { limit: size || defaultPageSize, afterSeq };
}

/** Fetch limit + 1 records; this trims the extra one and says where the next page starts. */
export function seqPageOf<T extends { seq: number }>(rows: T[], page: SeqPage): { items: T[]; page: PageResponse } {
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const more = rows.length > page.limit && last !== undefined;
  return { items, page: { nextPageToken: more ? Buffer.from(`s:${last.seq}`).toString('base64url') : '' } };
}

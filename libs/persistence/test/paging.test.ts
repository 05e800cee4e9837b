import { Violations } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { nextPageToken, pageOf, readPage } from '../src/paging.js';

function fieldsOf(violations: Violations): string[] {
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string }[] }).violations.map((v) => v.field);
  }
}

describe('paging cursors', () => {
  it('gives 50 rows from the start when no page is asked for', () => {
    const violations = new Violations();
    expect(readPage(undefined, violations)).toEqual({ limit: 50, offset: 0 });
    expect(readPage({ pageSize: 0, pageToken: '' }, violations)).toEqual({ limit: 50, offset: 0 });
    expect(violations.isEmpty).toBe(true);
  });

  it('walks pages with the token of the previous one and ends with an empty token', () => {
    const first = readPage({ pageSize: 2, pageToken: '' }, new Violations());
    const firstPage = pageOf(['a', 'b', 'c'], first);
    expect(firstPage.items).toEqual(['a', 'b']);
    expect(firstPage.page.nextPageToken).not.toBe('');
    const second = readPage({ pageSize: 2, pageToken: firstPage.page.nextPageToken }, new Violations());
    expect(second).toEqual({ limit: 2, offset: 2 });
    expect(pageOf(['c'], second)).toEqual({ items: ['c'], page: { nextPageToken: '' } });
    expect(nextPageToken(second, 2, true)).toBe(Buffer.from('o:4').toString('base64url'));
  });

  it('names page_size and page_token under the given field when they are out of range or forged', () => {
    const violations = new Violations();
    readPage({ pageSize: 201, pageToken: 'not a token!' }, violations, 'paging');
    expect(fieldsOf(violations)).toEqual(['paging.page_size', 'paging.page_token']);
    const negative = new Violations();
    readPage({ pageSize: -1, pageToken: Buffer.from('o:-3').toString('base64url') }, negative);
    expect(fieldsOf(negative)).toEqual(['page.page_size', 'page.page_token']);
  });
});

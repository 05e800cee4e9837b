import { Violations } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { keysetFilter, keysetPageOf, keysetSql, keysetToken, readKeysetPage } from '../src/paging.js';

function fieldsOf(violations: Violations): string[] {
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string }[] }).violations.map((v) => v.field);
  }
}

const at = new Date('2026-03-01T08:00:00.123Z');

describe('keyset paging cursors', () => {
  it('round-trips the last row key through an opaque token', () => {
    const rows = [
      { at, id: 'a' },
      { at, id: 'b' },
      { at, id: 'c' },
    ];
    const first = keysetPageOf(rows, { limit: 2 }, (r) => [r.at, r.id]);
    expect(first.items.map((r) => r.id)).toEqual(['a', 'b']);
    expect(first.page.nextPageToken).not.toContain('2026');
    const violations = new Violations();
    const next = readKeysetPage({ pageSize: 2, pageToken: first.page.nextPageToken }, violations, ['time', 'text']);
    expect(violations.isEmpty).toBe(true);
    expect(next).toEqual({ limit: 2, after: [at, 'b'] });
    expect(keysetPageOf(rows.slice(2), next, (r) => [r.at, r.id]).page.nextPageToken).toBe('');
  });

  it('rejects an offset token, a forged one and one of another list, naming page_token', () => {
    const forged = [
      Buffer.from('o:2').toString('base64url'),
      'not a token!',
      keysetToken([5, 'x']),
      keysetToken([at]),
      Buffer.from('k:["2026-13-99T00:00:00Z","x"]').toString('base64url'),
    ];
    for (const pageToken of forged) {
      const violations = new Violations();
      expect(readKeysetPage({ pageSize: 0, pageToken }, violations, ['time', 'text'])).toEqual({ limit: 50 });
      expect(fieldsOf(violations)).toEqual(['page.page_token']);
    }
    const exact = readKeysetPage({ pageToken: keysetToken(['2026-03-01T08:00:00.123456Z', 'x']) }, new Violations(), [
      'exactTime',
      'text',
    ]);
    expect(exact.after).toEqual(['2026-03-01T08:00:00.123456Z', 'x']);
    const size = new Violations();
    readKeysetPage({ pageSize: 201 }, size, ['int', 'text'], 'paging');
    expect(fieldsOf(size)).toEqual(['paging.page_size']);
  });

  it('builds one row comparison for a uniform order and an or-chain for a mixed one', () => {
    expect(
      keysetSql(
        [
          ['opened_at', 'desc'],
          ['id', 'desc'],
        ],
        undefined,
      ),
    ).toEqual({ sql: '', params: [] });
    expect(
      keysetSql(
        [
          ['opened_at', 'desc'],
          ['id', 'desc'],
        ],
        [at, 'x'],
      ),
    ).toEqual({
      sql: '(opened_at, id) < (?, ?)',
      params: [at, 'x'],
    });
    expect(
      keysetSql(
        [
          ['count', 'desc'],
          ['id', 'asc'],
        ],
        [3, 'x'],
      ),
    ).toEqual({
      sql: '((count < ?) or (count = ? and id > ?))',
      params: [3, 3, 'x'],
    });
    expect(
      keysetFilter(
        [
          ['count', 'desc'],
          ['id', 'asc'],
        ],
        [3, 'x'],
      ),
    ).toEqual({
      $or: [{ count: { $lt: 3 } }, { count: 3, id: { $gt: 'x' } }],
    });
    expect(keysetFilter([['count', 'desc']], undefined)).toEqual({});
  });
});

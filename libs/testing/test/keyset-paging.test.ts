import { describe, expect, it } from 'vitest';
import { expectStableAcrossInsert } from '../src/keyset-paging.js';

// The check itself must be able to fail: over an in-memory list, offset paging fails it, keyset passes.
function list(rows: string[], paging: 'offset' | 'keyset') {
  return async (token: string) => {
    const sorted = [...rows].sort();
    const start = !token ? 0 : paging === 'offset' ? Number(token) : sorted.findIndex((r) => r > token);
    const ids = sorted.slice(start, start + 2);
    const more = start + 2 < sorted.length;
    return { ids, next: more ? (paging === 'offset' ? String(start + 2) : ids.at(-1)!) : '' };
  };
}

describe('expectStableAcrossInsert', () => {
  it('passes keyset paging with a row inserted ahead of the cursor', async () => {
    const rows = ['b', 'd', 'f'];
    await expectStableAcrossInsert(list(rows, 'keyset'), async () => rows.push('a'));
  });

  it('fails offset paging with a row inserted ahead of the cursor (page 1 last row comes again)', async () => {
    const rows = ['b', 'd', 'f'];
    await expect(expectStableAcrossInsert(list(rows, 'offset'), async () => rows.push('a'))).rejects.toThrow();
  });
});

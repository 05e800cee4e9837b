import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MiB = 2 ** 20;

describe('releaseStartupMemory', () => {
  // In a process of its own: the test runner's own heap would blur the figures.
  it('returns the memory start-up garbage left resident to the system, without exposing gc', () => {
    const output = execFileSync(
      process.execPath,
      [fileURLToPath(new URL('./fixtures/startup-garbage.mjs', import.meta.url))],
      { encoding: 'utf8' },
    );
    const { released, gcOnGlobal } = JSON.parse(output);
    // An ordinary full collection frees the objects but V8 keeps the pages (RSS unchanged).
    expect(released.rssBeforeBytes - released.rssAfterBytes).toBeGreaterThan(32 * MiB);
    expect(released.heapTotalAfterBytes).toBeLessThan(released.heapTotalBeforeBytes / 2);
    expect(gcOnGlobal).toBe(false);
  });
});

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MiB = 2 ** 20;

describe('releaseStartupMemory', () => {
  // In a process of its own: the test runner's own heap would blur the figures.
  const output = () =>
    JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(new URL('./fixtures/startup-garbage.mjs', import.meta.url))], {
        encoding: 'utf8',
      }),
    );

  it('returns the memory start-up garbage left resident to the system, without exposing gc', () => {
    const { released, gcOnGlobal } = output();
    // An ordinary full collection frees the objects but V8 keeps the pages (RSS unchanged).
    expect(released.rssBeforeBytes - released.rssAfterBytes).toBeGreaterThan(32 * MiB);
    expect(released.heapTotalAfterBytes).toBeLessThan(released.heapTotalBeforeBytes / 2);
    expect(gcOnGlobal).toBe(false);
  });

  it('drops the bytecode of code that ran only to start, and leaves V8 flushing as before afterwards', () => {
    const { released, later } = output();
    // 3,000 start-up functions hold ~1.6 MiB of bytecode; at V8's default age the release keeps 1.5.
    expect(released.bytecodeBeforeBytes - released.bytecodeAfterBytes).toBeGreaterThan(MiB);
    // Had the release left the age at 1, the next memory-reducing collection would flush the later code as well.
    expect(later.beforeBytes - later.afterBytes).toBeLessThan(later.beforeBytes / 4);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtFromHash, sourceHash, stampBuilt } from '../../scripts/source-hash.mjs';
import { scratchDir } from './helpers.js';

// The process tests build only when a dist was built from other sources; file times cannot tell.
describe('scripts/source-hash.mjs', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function builtPackage() {
    const { dir, remove } = scratchDir('source-hash');
    cleanups.push(remove);
    mkdirSync(join(dir, 'src/domain'), { recursive: true });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'package.json'), '{"name":"@cs/x"}');
    writeFileSync(join(dir, 'src/domain/rule.ts'), 'export const limit = 1;\n');
    return dir;
  }

  it('a dist stamped from the current sources is current, whatever the file times', () => {
    const dir = builtPackage();
    expect(builtFromHash(dir)).toBeUndefined();
    stampBuilt(dir);
    writeFileSync(join(dir, 'src/domain/rule.ts'), 'export const limit = 1;\n');
    expect(builtFromHash(dir)).toBe(sourceHash(dir));
  });

  it('a changed, added or renamed source, or a changed package.json, makes it stale', () => {
    const dir = builtPackage();
    stampBuilt(dir);
    const built = builtFromHash(dir);
    writeFileSync(join(dir, 'src/domain/rule.ts'), 'export const limit = 2;\n');
    const changed = sourceHash(dir);
    writeFileSync(join(dir, 'src/domain/other.ts'), '');
    const added = sourceHash(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"@cs/x","type":"module"}');
    const manifest = sourceHash(dir);
    expect(new Set([built, changed, added, manifest]).size).toBe(4);
  });
});

#!/usr/bin/env node
// What a workspace package's dist was built from, as a content hash kept in dist/.source-hash.
// Tests that run built processes compare it with the sources to decide whether to build: file times
// cannot tell, since a checkout, a copy or nx restoring outputs from its cache all set them freely.
//   node scripts/source-hash.mjs stamp           stamp every built package (after `nx run-many -t build`)
//   node scripts/source-hash.mjs stamp <dir>...  stamp these package directories
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const STAMP = '.source-hash';

function sourceFiles(dir) {
  const files = ['package.json', 'tsconfig.json'].map((name) => join(dir, name)).filter((file) => existsSync(file));
  const src = join(dir, 'src');
  if (existsSync(src)) {
    for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    }
  }
  files.push(join(repoRoot, 'tsconfig.base.json'));
  return files.sort();
}

/** The hash of everything a package's build reads from its own directory (and the shared compiler options). */
export function sourceHash(dir) {
  const hash = createHash('sha256');
  for (const file of sourceFiles(dir)) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The hash dist/ was stamped with, or undefined when it was never stamped. */
export function builtFromHash(dir) {
  const stamp = join(dir, 'dist', STAMP);
  return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
}

export function stampBuilt(dir) {
  writeFileSync(join(dir, 'dist', STAMP), `${sourceHash(dir)}\n`);
}

export function workspacePackages() {
  return ['libs', 'services'].flatMap((parent) =>
    readdirSync(join(repoRoot, parent))
      .map((name) => join(repoRoot, parent, name))
      .filter((dir) => existsSync(join(dir, 'package.json'))),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...dirs] = process.argv.slice(2);
  if (command !== 'stamp') {
    console.error('usage: node scripts/source-hash.mjs stamp [package dir ...]');
    process.exit(2);
  }
  const packages = dirs.length > 0 ? dirs.map((dir) => resolve(dir)) : workspacePackages();
  for (const dir of packages) {
    if (existsSync(join(dir, 'dist'))) stampBuilt(dir);
  }
}

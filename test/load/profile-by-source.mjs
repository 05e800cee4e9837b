// Where a service's CPU profile spends its time, by package (or by file with --files). Not part of
// `npm run bench`:
//   BENCH_CPU_PROF=/tmp/prof BENCH_AB_ORDER=A BENCH_AB_RATE=0 node test/load/orders-ab.mjs
//   node test/load/profile-by-source.mjs orders /tmp/prof/<the phase's>.cpuprofile [--files]
// A built bundle keeps only the mappings into our own .ts (scripts/bundle-service.mjs), so a frame in
// a bundled package shows as main.bundle.js:line:column. This rebuilds the same bundle aside with a
// full source map, checks it is byte for byte the one that ran, and maps every sample through it.
// Self time, as a share of the profile's busy time (idle left out). `writev` and the like are wall
// time inside the call: a thread waiting for a core there is counted too.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { bundleFile, writeBundle } from '../../scripts/bundle-service.mjs';
import { fmt, markdownTable, repoRoot } from './support/bench.util.mjs';

const [service, profilePath] = process.argv.slice(2);
const byFile = process.argv.includes('--files');
if (!service || !profilePath) throw new Error('usage: profile-by-source.mjs <service> <file.cpuprofile> [--files]');

const dist = resolve(repoRoot, 'services', service, 'dist');
const aside = await mkdtemp(join(tmpdir(), 'cs-profile-map-'));
await writeBundle(dist, join(aside, bundleFile));
const [rebuilt, ran] = await Promise.all([readFile(join(aside, bundleFile)), readFile(join(dist, bundleFile))]);
if (!rebuilt.equals(ran)) throw new Error(`the rebuilt bundle differs from ${dist}/${bundleFile}: rebuild first`);
const map = new TraceMap(await readFile(join(aside, `${bundleFile}.map`), 'utf8'));
await rm(aside, { recursive: true, force: true });

const packageOf = (path) => path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
function sourceOf({ url, functionName, lineNumber, columnNumber }) {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  if (url.endsWith(bundleFile)) {
    const { source } = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber });
    if (!source) return 'bundle, unmapped';
    const own = source.match(/(libs|services)\/([^/]+)\/(?:dist|src)\/(.*)$/);
    if (own) return byFile ? `${own[1]}/${own[2]}/${own[3]}` : `${own[1]}/${own[2]}`;
    return packageOf(source) ?? source;
  }
  if (url.startsWith('node:')) return byFile ? url : 'node built-ins';
  return packageOf(url) ?? url.replace(pathToFileURL(repoRoot).href, '');
}

const profile = JSON.parse(await readFile(profilePath, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map();
profile.samples.forEach((id, i) => {
  const source = sourceOf(nodes.get(id).callFrame);
  selfTime.set(source, (selfTime.get(source) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const idle = selfTime.get('(idle)') ?? 0;
selfTime.delete('(idle)');
const busy = [...selfTime.values()].reduce((sum, t) => sum + t, 0);
console.log(`\n${profilePath}: busy ${fmt(busy / 1e6, 2)} s, idle ${fmt(idle / 1e6, 2)} s\n`);
console.log(
  markdownTable(
    [byFile ? 'source file' : 'package', 'self time (% of busy)'],
    [...selfTime]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([source, time]) => [source, fmt((100 * time) / busy)]),
  ),
);

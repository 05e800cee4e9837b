// Bundles a built service (dist/main.js and everything it imports) into one file, dist/main.bundle.js,
// which is what `npm start`, the image and the process tests run. Run from the service's folder after
// tsc (its `build` script). Why: loading ~2,500 modules was most of a cold start (resolution, stat
// calls, one compile unit each) and their kept source text a good part of idle memory (issue 15).
//
// Left outside the bundle, loaded from node_modules as before:
// - what telemetry patches through its module hooks (@grpc/grpc-js, pg, pg-pool) and the OpenTelemetry
//   packages `--import @cs/telemetry/register` already loaded: bundled, they would not be patched or
//   would be a second copy.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { rolldown } from 'rolldown';

export const bundleFile = 'main.bundle.js';

export const externalPackages = ['@grpc/grpc-js', 'pg', 'pg-pool', 'pg-native', '@cs/telemetry'];

const isExternal = (id) =>
  id.startsWith('node:') ||
  id.startsWith('@opentelemetry/') ||
  externalPackages.some((name) => id === name || id.startsWith(`${name}/`));

// Optional peers Nest and MikroORM load only when configured (other transports, drivers, validators);
// none is installed, so a bundle keeps them as run-time imports that are never reached.
const quietUnresolved = (warning, warn) => {
  if (warning.code === 'UNRESOLVED_IMPORT') return;
  warn(warning);
};

const repoRoot = resolve(import.meta.dirname, '..');
/** Our own compiled code (a dist folder of a lib or a service), whose tsc source maps lead back to the .ts. */
const isWorkspaceDist = (id) => {
  const path = relative(repoRoot, id);
  return !path.startsWith('..') && !path.includes('node_modules') && path.split(sep)[2] === 'dist';
};
/** Hand-written TypeScript: what a stack trace should point at. Generated contracts are left out. */
const keepsMappings = (source) =>
  source.endsWith('.ts') && !source.includes('node_modules') && !source.includes('/gen/');

/** Hands rolldown each workspace module's tsc map, so the bundle's map leads to the .ts, not dist/. */
const workspaceSourceMaps = {
  name: 'workspace-source-maps',
  async load(id) {
    if (!isWorkspaceDist(id) || !existsSync(`${id}.map`)) return null;
    const code = await readFile(id, 'utf8');
    return { code, map: JSON.parse(await readFile(`${id}.map`, 'utf8')) };
  },
};

/**
 * `--enable-source-maps` parses a bundle's whole map at load time: with every package inside it that
 * was ~100 MiB of heap. Keeping only the mappings into our own .ts keeps stack traces pointing at our
 * sources (frames in packages show the bundle's line and column, and the function's name).
 */
async function keepOwnMappings(mapFile) {
  const map = JSON.parse(await readFile(mapFile, 'utf8'));
  const keepSource = map.sources.map((source) => keepsMappings(source));
  const newIndex = [];
  let next = 0;
  for (const [i, keep] of keepSource.entries()) newIndex[i] = keep ? next++ : -1;
  // One segment where the original file or line changes, not one per token: a frame still maps to
  // its .ts line (its column to the start of that line's code), and the map shrinks by a third.
  const lines = decode(map.mappings).map((segments) => {
    const kept = [];
    for (const segment of segments) {
      const index = segment.length === 1 ? -1 : (newIndex[segment[1]] ?? -1);
      const previous = kept.at(-1);
      if (index < 0) {
        // A package's code after ours on the same line: an unmapped segment ends our mapping there.
        if (previous && previous.length > 1) kept.push([segment[0]]);
        continue;
      }
      if (previous && previous[1] === index && previous[2] === segment[2]) continue;
      kept.push([segment[0], index, segment[2], segment[3]]);
    }
    return kept;
  });
  const filtered = {
    version: 3,
    file: map.file,
    sources: map.sources.filter((_, i) => keepSource[i]),
    names: [],
    mappings: encode(lines),
  };
  await writeFile(mapFile, JSON.stringify(filtered));
}

/**
 * Writes the bundle of a built service's dist/main.js to `file`, with a full source map beside it
 * (`file`.map): every package's mappings, our own modules' leading to their .ts.
 */
export async function writeBundle(dist, file) {
  const bundle = await rolldown({
    input: resolve(dist, 'main.js'),
    platform: 'node',
    external: isExternal,
    onwarn: quietUnresolved,
    logLevel: 'warn',
    plugins: [workspaceSourceMaps],
  });
  try {
    await bundle.write({
      file,
      format: 'esm',
      // One file, evaluated in the order the modules import each other (reflect-metadata first).
      codeSplitting: false,
      // V8 keeps a module's source for lazy compilation, and one non-ASCII character (a Chinese
      // term in a comment) would store all of it two bytes per character: ASCII only, no comments.
      charset: 'ascii',
      comments: false,
      // Whitespace out too (~17 % of the source, and V8's table of line ends, 1.6 MiB for 200k lines).
      // Names are kept (MikroORM and Nest read class names; stack frames name their functions); a
      // frame inside a package shows the bundle's line and column, one inside our code its .ts line.
      minify: { compress: false, mangle: false, codegen: { removeWhitespace: true, asciiOnly: true } },
      sourcemap: true,
      sourcemapExcludeSources: true,
      // CommonJS packages inside an ES module bundle still call require() for built-ins.
      banner:
        "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);",
    });
  } finally {
    await bundle.close();
  }
}

export async function bundleService(serviceDir) {
  const dist = resolve(serviceDir, 'dist');
  // Written aside and renamed into place: a service starting meanwhile runs the old bundle or the new
  // one, never a missing or half-written file.
  const staging = await mkdtemp(resolve(dist, '.bundle-'));
  await writeBundle(dist, resolve(staging, bundleFile));
  await keepOwnMappings(resolve(staging, `${bundleFile}.map`));
  await rename(resolve(staging, `${bundleFile}.map`), resolve(dist, `${bundleFile}.map`));
  await rename(resolve(staging, bundleFile), resolve(dist, bundleFile));
  await rm(staging, { recursive: true, force: true });
  return resolve(dist, bundleFile);
}

if (process.argv[1] && basename(process.argv[1]) === 'bundle-service.mjs') {
  await bundleService(process.cwd());
}

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtFromHash, sourceHash, stampBuilt } from '../../../../scripts/source-hash.mjs';

export const repoRoot = resolve(import.meta.dirname, '../../../..');
const BUILD_LOCK = '/tmp/cs-build.lock';

/** The workspace directory of a package: "@cs/bus" → libs/bus, "@cs/orders" → services/orders. */
function packageDir(name: string): string | undefined {
  const short = name.replace(/^@cs\//, '');
  for (const parent of ['services', 'libs']) {
    const dir = join(repoRoot, parent, short);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

/** The service's directory and those of every workspace library it depends on, transitively. */
function workspaceClosure(service: string): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const found = dependency.startsWith('@cs/') ? packageDir(dependency) : undefined;
      if (found) visit(found);
    }
  };
  visit(join(repoRoot, 'services', service));
  return [...seen];
}

/** Why the processes cannot run from what is built, or undefined when every dist was built from its current sources. */
export function staleBuild(services: readonly string[]): string | undefined {
  for (const service of services) {
    if (!existsSync(join(repoRoot, 'services', service, 'dist', 'main.bundle.js'))) {
      return `services/${service}/dist/main.bundle.js is missing`;
    }
  }
  const dirs = new Set(services.flatMap(workspaceClosure));
  for (const dir of dirs) {
    const built = builtFromHash(dir);
    if (built === undefined) return `${dir.slice(repoRoot.length + 1)}/dist has no source stamp`;
    if (built !== sourceHash(dir)) return `${dir.slice(repoRoot.length + 1)}/src changed since its dist was built`;
  }
  return undefined;
}

/**
 * The processes run services/<name>/dist (and the libraries' dist, e.g. @cs/telemetry/register), so
 * build them when something is missing or was built from other sources: `nx run-many -t build` for these
 * services (nx builds the libraries they depend on first, and takes what is current from its cache).
 * Fails with nx's output when the build fails; never runs the tests against a stale build.
 */
export async function ensureServicesBuilt(services: readonly string[]): Promise<void> {
  const reason = staleBuild(services);
  if (!reason) return;
  const projects = services.map((service) => `@cs/${service}`).join(',');
  console.info(`[process e2e] ${reason}: building ${projects} with nx`);
  const nx = join(repoRoot, 'node_modules', '.bin', 'nx');
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    // One build at a time on this machine: test files (and people) building at once would write the same dist.
    const build = ['run-many', '-t', 'build', `--projects=${projects}`, '--output-style=static'];
    const locked = existsSync('/usr/bin/flock');
    const command = locked ? '/usr/bin/flock' : nx;
    const args = locked ? [BUILD_LOCK, nx, ...build] : build;
    const child = spawn(command, args, {
      cwd: repoRoot,
      // No daemon left running after the test, no interactive terminal UI.
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => output.push(String(chunk)));
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    child.once('error', fail);
    child.once('exit', done);
  });
  if (code !== 0) {
    throw new Error(`nx build of ${projects} failed (exit ${code}):\n${output.join('').slice(-6000)}`);
  }
  for (const dir of new Set(services.flatMap(workspaceClosure))) stampBuilt(dir);
}

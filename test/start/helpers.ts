import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A scratch directory the `postgres` system user can traverse (embedded PostgreSQL runs as that
 * user when the tests run as root), removed by the returned cleanup.
 */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `cs-start-${prefix}-`));
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** PATH with the directories Debian puts nats-server in, whatever the caller's PATH lacks. */
export function pathWithSbin(): string {
  return ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', process.env.PATH ?? '']
    .filter(Boolean)
    .join(':');
}

/**
 * Stops a process a test started, failed tests included: SIGTERM first, so it stops what it started
 * itself (start.mjs runs its servers and services in process groups of their own, which a SIGKILL
 * would leave running); SIGKILL if it has not exited within `graceMs`.
 */
export async function stopGracefully(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
  if (!stopped) child.kill('SIGKILL');
}

import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

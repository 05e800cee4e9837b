// Child processes that start.mjs owns. Each is spawned in its own process group (detached), so a
// Ctrl-C in the terminal reaches only start.mjs, which then stops the children in order: services
// first (they drain against a live database and bus), then NATS, then PostgreSQL.
import { spawn } from 'node:child_process';

/**
 * Spawns `command` in its own process group with piped stdout/stderr.
 * Returns the ChildProcess plus `exited`, a promise of { code, signal } that never rejects.
 */
export function spawnOwned(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    child.once('error', (error) => settle({ code: null, signal: null, error }));
  });
  return Object.assign(child, { exited });
}

/** Sends `signal` to the child's whole process group (falls back to the child alone). */
export function signalGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Asks a child to stop with `signal`, waits up to `graceMs`, then SIGKILLs its process group.
 * Resolves { code, signal, forced }.
 */
export async function stopOwned(child, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { ...(await child.exited), forced: false };
  }
  signalGroup(child, signal);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const first = await Promise.race([child.exited, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return { ...first, forced: false };
  signalGroup(child, 'SIGKILL');
  return { ...(await child.exited), forced: true };
}

/** Calls `onLine` for every complete line the stream emits (and the unterminated tail at its end). */
export function forEachLine(stream, onLine) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

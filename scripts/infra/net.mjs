// Small TCP helpers shared by the PostgreSQL and NATS checks.
import { createConnection, createServer } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True when `host` names this machine's loopback interface: only there may we start a server ourselves. */
export function isLoopback(host) {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Strips the brackets of an IPv6 literal taken from a URL (`[::1]` → `::1`). */
export function bareHost(host) {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Connects to host:port and, when `greeting` is true, resolves with the first line the server
 * sends (NATS greets with `INFO {...}`); otherwise resolves with '' once connected.
 * Resolves null when nothing accepts the connection within `timeoutMs`.
 */
export function probeTcp(host, port, { timeoutMs = 1000, greeting = false } = {}) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: bareHost(host), port });
    let buffered = '';
    const finish = (value) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(greeting && buffered ? buffered : null), timeoutMs);
    socket.once('error', () => finish(null));
    socket.once('connect', () => {
      if (!greeting) finish('');
    });
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) finish(buffered.slice(0, newline).trim());
    });
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function waitUntil(check, { timeoutMs = 15_000, intervalMs = 100, abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() >= deadline || abort?.()) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now (for tests). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

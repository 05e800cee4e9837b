import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ensureNats,
  findOnPath,
  NATS_INSTALL_HINTS,
  NatsServerNotFoundError,
  resolveNatsTarget,
} from '../../scripts/infra/nats.mjs';
import { freePort, probeTcp } from '../../scripts/infra/net.mjs';
import { pathWithSbin, scratchDir } from './helpers.js';

const natsServer = await findOnPath('nats-server', pathWithSbin());

describe('where start.mjs looks for NATS', () => {
  it('defaults to nats://127.0.0.1:4222 and otherwise takes the first server of NATS_URL', () => {
    expect(resolveNatsTarget({})).toMatchObject({ host: '127.0.0.1', port: 4222, source: 'default' });
    expect(resolveNatsTarget({ NATS_URL: 'nats://localhost:4333,nats://other:4222' })).toMatchObject({
      host: 'localhost',
      port: 4333,
      source: 'NATS_URL',
    });
  });
});

describe('ensureNats with nothing listening', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.skipIf(!natsServer)(
    'starts nats-server from PATH with JetStream, is reused while up, and stops cleanly',
    async () => {
      const scratch = scratchDir('nats');
      cleanups.push(scratch.remove);
      const port = await freePort();
      const env = { NATS_URL: `nats://127.0.0.1:${port}`, PATH: pathWithSbin() };
      const messages: string[] = [];

      const server = await ensureNats({ env, storeDir: join(scratch.dir, 'store'), log: (m) => messages.push(m) });
      cleanups.push(() => server.stop());
      expect(server.embedded).toBe(true);
      expect(server.binary).toBe(natsServer);
      expect(messages.join('\n')).toMatch(/Started nats-server .* with JetStream at 127\.0\.0\.1:\d+/);

      // JetStream really works there: a stream can be declared, as the services do on start.
      const connection = await connect({ servers: env.NATS_URL });
      try {
        const manager = await jetstreamManager(connection);
        const stream = await manager.streams.add({ name: 'CS_TEST', subjects: ['cs.test.>'] });
        expect(stream.config.name).toBe('CS_TEST');
      } finally {
        await connection.close();
      }

      const again = await ensureNats({ env, storeDir: join(scratch.dir, 'unused') });
      expect(again.embedded).toBe(false);

      await server.stop();
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(await probeTcp('127.0.0.1', port)).toBeNull();
    },
  );

  it('with an empty PATH, fails naming the ways to get a nats-server', async () => {
    const port = await freePort();
    const attempt = ensureNats({ env: { NATS_URL: `nats://127.0.0.1:${port}`, PATH: '' } });
    await expect(attempt).rejects.toBeInstanceOf(NatsServerNotFoundError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('apt-get install nats-server');
    expect(message).toContain('brew install nats-server');
    expect(message).toContain('docker compose -f deploy/compose.yaml up nats');
    for (const hint of NATS_INSTALL_HINTS) expect(message).toContain(hint);
    expect(await probeTcp('127.0.0.1', port)).toBeNull();
  });
});

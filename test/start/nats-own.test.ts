import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { findOnPath, NatsServerNotFoundError } from '../../scripts/infra/nats.mjs';
import { ensureNatsForStart, ensureOwnNats, type OwnNats } from '../../scripts/infra/nats-own.mjs';
import { freePort } from '../../scripts/infra/net.mjs';
import { pathWithSbin, scratchDir } from './helpers.js';

// How npm start picks its NATS (scripts/infra/nats-own.mjs). The permissions themselves are
// tested in nats-permissions.test.ts.
const services = ['orders', 'care'];
if (!(await findOnPath('nats-server', pathWithSbin())))
  throw new Error('nats-server is not on PATH (apt-get install nats-server): these tests need it');

describe("npm start's NATS", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps the passwords across starts and never takes over a server already on its port', async () => {
    const scratch = scratchDir('nats-own');
    cleanups.push(scratch.remove);
    const env = { PATH: pathWithSbin(), NATS_PORT: String(await freePort()) };
    const first = (await ensureOwnNats({ env, dir: scratch.dir, services })) as OwnNats;
    cleanups.push(() => first.stop());
    expect(first.target).toMatchObject({ url: `nats://127.0.0.1:${env.NATS_PORT}`, source: 'own' });

    await expect(ensureOwnNats({ env, dir: scratch.dir, services })).rejects.toThrow(
      new RegExp(`Something already answers at 127\\.0\\.0\\.1:${env.NATS_PORT} .*set NATS_PORT`),
    );
    await first.stop();

    const second = (await ensureOwnNats({ env, dir: scratch.dir, services: [...services, 'knowledge'] })) as OwnNats;
    cleanups.push(() => second.stop());
    expect(second.credentials.orders).toBe(first.credentials.orders);
    expect(second.credentials.integrator).toBe(first.credentials.integrator);
    expect(second.credentials.knowledge).toMatch(/^[\w-]{32}$/);
    expect(JSON.parse(readFileSync(join(scratch.dir, 'users.json'), 'utf8'))).toEqual(second.credentials);
    const nc = await connect({ servers: second.target.url, user: 'knowledge', pass: second.credentials.knowledge });
    await nc.close();
  });

  it('with NATS_URL set, uses that server as it is, with no users of its own', async () => {
    const scratch = scratchDir('nats-url');
    cleanups.push(scratch.remove);
    const env = { PATH: pathWithSbin(), NATS_URL: `nats://127.0.0.1:${await freePort()}` };
    const nats = await ensureNatsForStart({ env, dir: scratch.dir, services });
    cleanups.push(() => nats.stop());
    expect(nats.target.source).toBe('NATS_URL');
    expect('credentials' in nats).toBe(false);
  });

  it('without nats-server on PATH, warns that the bus is unauthenticated before falling back', async () => {
    const scratch = scratchDir('nats-none');
    cleanups.push(scratch.remove);
    const messages: string[] = [];
    // The fallback is the default nats://127.0.0.1:4222: used when a server answers there, else an error.
    const outcome = await ensureNatsForStart({
      env: { PATH: '' },
      dir: scratch.dir,
      services,
      log: (message) => messages.push(message),
    }).then(
      async (nats) => {
        await nats.stop();
        return nats.embedded;
      },
      (error: unknown) => error,
    );
    expect(messages[0]).toMatch(/^Warning: no nats-server on PATH.*nats:\/\/127\.0\.0\.1:4222 WITHOUT authentication/);
    if (outcome !== false) expect(outcome).toBeInstanceOf(NatsServerNotFoundError);
  });
});

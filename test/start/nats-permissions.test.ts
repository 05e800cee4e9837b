import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus } from '../../libs/bus/src/bus-connection.factory.js';
import type { ConsumerRoute } from '../../libs/bus/src/consumer-route.model.js';
import { ensureDurableConsumer } from '../../libs/bus/src/durable-consumer.setup.js';
import { eventNatsSubject, partitionDurableName, partitionOf } from '../../libs/bus/src/naming.util.js';
import { ensureStreams } from '../../libs/bus/src/streams.setup.js';
import { findOnPath, startNatsServer } from '../../scripts/infra/nats.mjs';
import {
  INTEGRATOR_USER,
  natsAuthorization,
  passwordVariable,
  renderNatsConfig,
} from '../../scripts/infra/nats-auth.mjs';
import { ensureOwnNats, type OwnNats } from '../../scripts/infra/nats-own.mjs';
import { freePort } from '../../scripts/infra/net.mjs';
import { SERVICES } from '../../scripts/infra/services.mjs';
import { pathWithSbin, scratchDir } from './helpers.js';

// The NATS permission test: a real nats-server with the config npm start generates (the same table
// as deploy/), and the server itself refusing what a user may not do.
const natsServer = await findOnPath('nats-server', pathWithSbin());
if (!natsServer)
  throw new Error('nats-server is not on PATH (apt-get install nats-server): the permission test needs it');
const services = SERVICES.map((service) => service.name);

// Events go out on their aggregate's partition of the subject; these carry no aggregate id (ce-subject ''),
// so each lands on partition partitionOf('').
const PLACED = eventNatsSubject('', 'cs.orders.order.placed', '');
const CANCELLED = eventNatsSubject('', 'cs.orders.order.cancelled', '');
const CASE_OPENED = eventNatsSubject('', 'cs.aftersales.case.opened', '');
/** aftersales' durable consumer of the partition of cs.orders.order.placed that PLACED is on. */
const AFTERSALES_PLACED = partitionDurableName('aftersales__cs_orders_order_placed', partitionOf(''));

/** What a refused request rejects with: the server's permissions violation for that subject. */
async function refusal(attempt: Promise<unknown>): Promise<PermissionViolationError> {
  const error = await attempt.then(
    () => {
      throw new Error('the server accepted it');
    },
    (error: unknown) => error,
  );
  // A JetStream publish or API call is a request: nats.js rejects it with the violation as the cause.
  const violation = error instanceof PermissionViolationError ? error : (error as Error).cause;
  if (!(violation instanceof PermissionViolationError)) throw error;
  return violation;
}

describe('NATS permissions (real nats-server, generated users)', () => {
  let server: OwnNats;
  let remove: () => void;
  const open: NatsConnection[] = [];
  const logged: Array<{ fields: object; msg: string }> = [];
  const logger = {
    info: () => {},
    warn: () => {},
    error: (fields: object | string, msg?: string) => {
      logged.push({ fields: typeof fields === 'object' ? fields : {}, msg: msg ?? String(fields) });
    },
  };
  /** Connects the way a service does (libs/bus connectBus), as `user`. */
  const asService = async (user: string, password = server.credentials[user]) => {
    const nc = await connectBus({ natsUrl: server.target.url, serviceName: user, user, password, logger });
    open.push(nc);
    return nc;
  };
  const asIntegrator = async () => {
    const nc = await connect({
      servers: server.target.url,
      user: INTEGRATOR_USER,
      pass: server.credentials[INTEGRATOR_USER],
    });
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    const scratch = scratchDir('nats-auth');
    remove = scratch.remove;
    const env = { PATH: pathWithSbin(), NATS_PORT: String(await freePort()) };
    server = (await ensureOwnNats({ env, dir: scratch.dir, services })) as OwnNats;
    // Every service creates the streams of all producers on start: as `orders` here.
    await ensureStreams(await asService('orders'), { producers: services });
  });
  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => {});
    await server?.stop();
    remove?.();
  });

  it('keeps the generated passwords in files only their owner can read', () => {
    expect(statSync(server.usersFile).mode & 0o777).toBe(0o600);
    expect(statSync(server.configFile).mode & 0o777).toBe(0o600);
    expect(Object.keys(server.credentials).sort()).toEqual([...services, INTEGRATOR_USER].sort());
  });

  it("lets a service publish its own events and refuses, at the server, a publish to another service's subject", async () => {
    const js = jetstream(await asService('orders'));
    const ack = await js.publish(PLACED, '{"orderId":"o-1"}', { msgID: 'perm-1' });
    expect(ack.stream).toBe('CS_ORDERS');

    const violation = await refusal(js.publish(CASE_OPENED, '{}'));
    expect(violation.operation).toBe('publish');
    expect(violation.subject).toBe(CASE_OPENED);
    // connectBus logs what the server refused.
    expect(logged).toContainEqual({
      fields: { operation: 'publish', subject: CASE_OPENED },
      msg: 'NATS refused: permissions violation',
    });
    // The same subject is fine for its owner: it is the user that was refused, not the subject.
    const owner = jetstream(await asService('aftersales'));
    expect((await owner.publish(CASE_OPENED, '{}')).stream).toBe('CS_AFTERSALES');
  });

  it('lets a service dead-letter under its own name only, and delete no stream or consumer', async () => {
    const nc = await asService('orders');
    const js = jetstream(nc);
    const dlq = await js.publish('cs.dlq.orders.cs.aftersales.case.opened', '{}');
    expect(dlq.stream).toBe('CS_DLQ');
    expect((await refusal(js.publish('cs.dlq.aftersales.cs.orders.order.placed', '{}'))).subject).toBe(
      'cs.dlq.aftersales.cs.orders.order.placed',
    );
    const jsm = await jetstreamManager(nc);
    expect((await refusal(jsm.streams.delete('CS_AFTERSALES'))).subject).toBe('$JS.API.STREAM.DELETE.CS_AFTERSALES');
    expect((await refusal(jsm.streams.purge('CS_ORDERS'))).subject).toBe('$JS.API.STREAM.PURGE.CS_ORDERS');
    expect((await jsm.streams.info('CS_AFTERSALES')).state.messages).toBeGreaterThan(0);
  });

  it('lets a service consume through its durable pull consumer and its own inbox, not through another one', async () => {
    const nc = await asService('aftersales');
    const route: ConsumerRoute = {
      subject: 'cs.orders.order.placed' as ConsumerRoute['subject'],
      producer: 'orders',
      natsSubject: PLACED,
      stream: 'CS_ORDERS',
      durable: AFTERSALES_PLACED,
      deadLetterSubject: 'cs.dlq.aftersales.cs.orders.order.placed',
    };
    const settings = { serviceName: 'aftersales', ackWaitMs: 30_000, maxAckPending: 1000 };
    await ensureDurableConsumer(await jetstreamManager(nc), route, settings, logger);
    const consumer = await jetstream(nc).consumers.get(route.stream, route.durable);
    const message = await consumer.next({ expires: 5000 });
    expect(message?.subject).toBe(PLACED);
    expect(await message?.ackAck()).toBe(true);

    // Another service's inbox is closed to it: no reading what `orders` fetches.
    const spy = nc.subscribe('_INBOX_orders.>');
    await nc.flush(); // the server answers the SUB before the PING that flush sends
    expect(spy.isClosed()).toBe(true);
    const closed = await spy.closed;
    expect(closed).toBeInstanceOf(PermissionViolationError);
    expect((closed as PermissionViolationError).operation).toBe('subscription');
  });

  it('lets the integrator consume cs.orders.> (stream and live) but publish no cs subject', async () => {
    const nc = await asIntegrator();
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add('CS_ORDERS', {
      durable_name: 'erp',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'cs.orders.>',
    });
    const replay = await (await jetstream(nc).consumers.get('CS_ORDERS', 'erp')).next({ expires: 5000 });
    expect(replay?.subject).toBe(PLACED);
    expect(await replay?.ackAck()).toBe(true);

    const live = nc.subscribe('cs.orders.>', { max: 1 });
    await nc.flush();
    await jetstream(await asService('orders')).publish(CANCELLED, '{}');
    for await (const message of live) expect(message.subject).toBe(CANCELLED);

    const js = jetstream(nc);
    expect((await refusal(js.publish(PLACED, '{}'))).subject).toBe(PLACED);
    expect((await refusal(jsm.streams.add({ name: 'MINE', subjects: ['mine.>'] }))).subject).toBe(
      '$JS.API.STREAM.CREATE.MINE',
    );
    expect((await refusal(jsm.consumers.delete('CS_ORDERS', AFTERSALES_PLACED))).subject).toBe(
      `$JS.API.CONSUMER.DELETE.CS_ORDERS.${AFTERSALES_PLACED}`,
    );
  });

  it('refuses a wrong password, an unknown user and no credentials when connecting', async () => {
    const attempt = (user: string | undefined, password: string | undefined) =>
      connectBus({ natsUrl: server.target.url, serviceName: 'orders', user, password, connectTimeoutMs: 3000 });
    await expect(attempt('orders', 'not-the-password')).rejects.toThrow(
      new RegExp(`cannot connect to NATS at ${server.target.url} as user orders: .*Authorization Violation`, 'i'),
    );
    await expect(attempt('intruder', server.credentials.orders)).rejects.toThrow(/Authorization Violation/i);
    await expect(attempt(undefined, undefined)).rejects.toThrow(/Authorization Violation/i);
    await expect(attempt('orders', undefined)).rejects.toThrow(/set both NATS_USER and NATS_PASSWORD, or neither/);
  });
});

describe('the deployed form: passwords from the server environment', () => {
  it('takes $CS_NATS_PASSWORD_<USER> from the environment, as the Kubernetes NATS pods do', async () => {
    const scratch = scratchDir('nats-env');
    const port = await freePort();
    const authorization = natsAuthorization(services, {
      password: (user) => ({ env: passwordVariable(user) }),
      jetstreamAdmin: true,
    });
    const configFile = join(scratch.dir, 'nats-server.conf');
    await writeFile(configFile, renderNatsConfig(authorization, { port, storeDir: join(scratch.dir, 'store') }));
    const passwords = Object.fromEntries(authorization.users.map(({ user }) => [passwordVariable(user), `pw-${user}`]));
    const target = { host: '127.0.0.1', port };
    const running = await startNatsServer(natsServer, ['-c', configFile], target, {
      env: { PATH: pathWithSbin() },
      serverEnv: passwords,
    });
    try {
      const url = `nats://127.0.0.1:${port}`;
      const nc = await connectBus({ natsUrl: url, serviceName: 'care', user: 'care', password: 'pw-care' });
      await nc.close();
      await expect(
        connectBus({ natsUrl: url, serviceName: 'care', user: 'care', password: '$CS_NATS_PASSWORD_CARE' }),
      ).rejects.toThrow(/Authorization Violation/i);
    } finally {
      await running.stop();
      scratch.remove();
    }
  });
});

describe('the permission table with a test subject prefix', () => {
  it('prefixes subjects and stream names as libs/bus naming does, but not the JetStream API', () => {
    const { users } = natsAuthorization(['orders', 'care'], { subjectPrefix: 't1-a' });
    const orders = users.find((u) => u.user === 'orders');
    expect(orders?.permissions.publish.allow).toEqual(
      expect.arrayContaining(['t1-a.cs.orders.>', 't1-a.cs.dlq.orders.>', '$JS.API.STREAM.CREATE.T1_A_CS_CARE']),
    );
    expect(orders?.permissions.publish.allow).not.toContain('cs.orders.>');
    expect(users.find((u) => u.user === INTEGRATOR_USER)?.permissions.publish.deny).toContain('t1-a.cs.>');
    expect(() => natsAuthorization(['integrator'])).toThrow(/not a usable service name/);
  });
});

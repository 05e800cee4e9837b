#!/usr/bin/env node
// Prints every platform event as it is published: `npm run events -- 'cs.orders.>'`.
// A plain NATS subscription (no consumer is created), so it sees live events only: to replay, create
// a durable consumer (README, "Subscribing to events"). It connects as the read-only `integrator`
// user of the NATS that `npm start` runs (password from .local/nats/users.json; with CS_PORT_OFFSET
// or CS_LOCAL_DIR, that copy's), or to NATS_URL with NATS_USER/NATS_PASSWORD when set.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { NATS_OWN_DEFAULT_PORT, ownNatsTarget } from './infra/nats-own.mjs';
import { startSettings } from './infra/services.mjs';

const asked = process.argv[2] ?? 'cs.>';
// Events go out on "<subject>.<partition>": a bare event subject means all of its partitions.
const filter = /^cs(\.[a-z0-9_]+){3}$/.test(asked) ? `${asked}.*` : asked;
const settings = startSettings(process.env, resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const usersFile = join(settings.localDir, 'nats/users.json');
const own = !process.env.NATS_URL && existsSync(usersFile);
const ownPort = process.env.NATS_PORT || String(NATS_OWN_DEFAULT_PORT + settings.portOffset);
const servers = (
  process.env.NATS_URL ?? (own ? ownNatsTarget({ NATS_PORT: ownPort }).url : 'nats://127.0.0.1:4222')
).split(',');
const credentials = own
  ? { user: 'integrator', pass: JSON.parse(readFileSync(usersFile, 'utf8')).integrator }
  : process.env.NATS_USER
    ? { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD }
    : {};
const nc = await connect({ servers, name: 'watch-events', ...credentials });
process.stderr.write(`watching ${filter} on ${servers.join(',')} (Ctrl-C to stop)\n`);
process.once('SIGINT', () => nc.drain().then(() => process.exit(0)));

for await (const message of nc.subscribe(filter)) {
  const header = (name) => message.headers?.get(name) ?? '';
  const event = {
    subject: message.subject,
    id: header('ce-id'),
    time: header('ce-time'),
    aggregate: `${header('ce-subject')}@${header('ce-aggregateversion')}`,
    source: header('ce-source'),
    data: message.json(),
  };
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

#!/usr/bin/env node
// Prints every platform event as it is published: `npm run events -- 'cs.orders.>'`.
// A plain NATS subscription (no consumer is created), so it sees live events only.
import { connect } from '@nats-io/transport-node';

const filter = process.argv[2] ?? 'cs.>';
const servers = (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',');
const nc = await connect({ servers, name: 'watch-events' });
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

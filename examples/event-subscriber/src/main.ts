// An integrator's subscriber: a durable consumer of one stream's events, CloudEvents parsed and
// typed, each event handled once, dead letters kept for a replay. Configured by environment:
//   NATS_URL (nats://127.0.0.1:4223, the NATS `npm start` runs), NATS_USER (integrator), NATS_PASSWORD
//   EVENTS   the subjects to read: cs.orders.> (default) or one subject such as cs.orders.order.placed.
//            Events are published on <subject>.<partition> (0..7, by aggregate id), so a bare subject is
//            read as cs.orders.order.placed.*; cs.orders.*.*.3 or cs.orders.order.placed.3 is one partition.
//            Several replicas with per-aggregate order: one CONSUMER_NAME per partition (erp__orders__p3
//            with EVENTS=cs.orders.*.*.3), each read by one replica at a time (docs/integrators.md).
//   CONSUMER_NAME  your durable consumer (default example__<service>); START: new (default), all, or
//   an RFC 3339 time to replay from. SUBJECT_PREFIX: only where the platform runs with one.
// `node dist/main.js replay <stream> <sequence>` handles a dead letter again.
import { appendFileSync } from 'node:fs';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { aggregateVersion } from './cloud-event.js';
import { ensureDurableConsumer, type StartAt, subjectFilter } from './durable-consumer.js';
import type { PlatformEvent } from './platform-events.js';
import { InMemoryProcessedEvents } from './processed-events.js';
import { EventSubscriber, replayStoredEvent } from './subscriber.js';

const env = process.env;
const events = subjectFilter(env.EVENTS ?? 'cs.orders.>');
const service = events.split('.')[1];
if (!events.startsWith('cs.') || !service) throw new Error(`EVENTS must be cs.<service>.… : ${events}`);
const prefix = env.SUBJECT_PREFIX ?? '';
const stream = `${prefix ? `${prefix.toUpperCase().replaceAll('-', '_')}_` : ''}CS_${service.toUpperCase()}`;
const durable = env.CONSUMER_NAME ?? `example__${service}`;

const nc = await connect({
  servers: (env.NATS_URL ?? 'nats://127.0.0.1:4223').split(','),
  user: env.NATS_USER ?? 'integrator',
  pass: env.NATS_PASSWORD,
  name: durable,
});
const processed = new InMemoryProcessedEvents();

async function print(event: PlatformEvent): Promise<void> {
  const { id, subject, time } = event.cloudEvent;
  const line = { type: event.type, id, aggregate: subject, version: aggregateVersion(event.cloudEvent), time };
  process.stdout.write(`${JSON.stringify({ ...line, data: event.data })}\n`);
}

if (process.argv[2] === 'replay') {
  const [letterStream, sequence] = process.argv.slice(3);
  if (!letterStream || !sequence) throw new Error('usage: replay <stream> <sequence>');
  const jsm = await jetstreamManager(nc);
  console.error(await replayStoredEvent(jsm, { stream: letterStream, sequence: Number(sequence) }, processed, print));
  await nc.close();
} else {
  await ensureDurableConsumer(await jetstreamManager(nc), {
    stream,
    durable,
    filterSubject: prefix ? `${prefix}.${events}` : events,
    start: startAt(env.START ?? 'new'),
  });
  const subscriber = new EventSubscriber({
    js: jetstream(nc),
    stream,
    durable,
    processed,
    handle: print,
    onDeadLetter: async (letter) => {
      appendFileSync('dead-letters.jsonl', `${JSON.stringify(letter)}\n`);
      console.error(
        `dead letter (replay: node dist/main.js replay ${letter.stream} ${letter.sequence}): ${letter.error}`,
      );
    },
  });
  await subscriber.start();
  console.error(`reading ${events} from ${stream} as ${durable} (Ctrl-C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void subscriber.stop().then(() => nc.drain()));
  }
}

function startAt(value: string): StartAt {
  if (value === 'new' || value === 'all') return { from: value };
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`START must be new, all or an RFC 3339 time: ${value}`);
  return { from: 'time', time };
}

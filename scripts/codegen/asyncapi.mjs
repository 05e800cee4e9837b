// The AsyncAPI 3 document of the platform's events (libs/contracts/asyncapi.json): channels from the
// event_subject options in proto/, who publishes (the subject's service: NATS lets no one else) and
// who consumes inside the platform (the @OnEvent handlers), the CloudEvents headers, the delivery
// guarantees, retention and the dead-letter stream. docs/events is rendered from it (event-docs.mjs).
// Each event subject is a channel `<subject>.{partition}`: libs/bus publishes an aggregate's events on
// one partition of its subject (EVENT_PARTITIONS, partitionOf in libs/bus/src/naming.util.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTEGRATOR_USER } from '../infra/nats-auth.mjs';
import { NATS_OWN_DEFAULT_PORT } from '../infra/nats-own.mjs';
import { deadLetterHeaders, eventHeaders, platformFacts } from './asyncapi-facts.mjs';
import { platformConsumers } from './event-consumers.mjs';

export const ASYNCAPI_VERSION = '3.1.0';

export function renderAsyncApi(events, schemas, image, root) {
  const facts = platformFacts(busSettings(root));
  const partitioning = partitionFacts(busPartitions(root));
  const consumers = platformConsumers(root);
  const known = new Set(events.map((e) => e.subject));
  const stray = consumers.filter((c) => !known.has(c.subject));
  if (stray.length) throw new Error(`@OnEvent of subjects not in proto/: ${stray.map((c) => c.declaredIn).join(', ')}`);

  const channels = {};
  const operations = {};
  const messages = {};
  for (const event of events) {
    const e = { ...event, description: tidy(event.description) };
    const key = e.subject.replaceAll('.', '_');
    const publisher = e.subject.split('.')[1];
    const stream = `CS_${publisher.toUpperCase()}`;
    const handlers = consumers
      .filter((c) => c.subject === e.subject)
      .map(({ subject: _, ...c }) => ({ ...c, partitionDurables: partitionDurables(c.durable) }));
    messages[e.fullName] = {
      name: e.message,
      title: e.message,
      summary: firstSentence(e.description),
      description: e.description || undefined,
      contentType: 'application/json',
      headers: {
        type: 'object',
        allOf: [{ $ref: '#/components/schemas/CloudEventHeaders' }, eventHeaders(e.subject, publisher)],
      },
      payload: { $ref: `#/components/schemas/${e.fullName}` },
      tags: [{ name: publisher }],
    };
    channels[key] = {
      address: `${e.subject}.{partition}`,
      title: e.message,
      summary: firstSentence(e.description),
      description: channelDescription(e, publisher, stream, handlers),
      parameters: { partition: { $ref: '#/components/parameters/partition' } },
      messages: { [e.message]: { $ref: `#/components/messages/${e.fullName}` } },
      tags: [{ name: publisher }],
      'x-cs-subject': e.subject,
      'x-cs-filter': `${e.subject}.*`,
      'x-cs-publisher': publisher,
      'x-cs-stream': stream,
      'x-cs-consumers': handlers,
    };
    operations[`${publisher}_sends_${key}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      summary: `${publisher} publishes ${e.subject} on ${e.subject}.<partition of ce-subject> (stream ${stream})`,
      tags: [{ name: publisher }],
    };
    for (const c of handlers) {
      operations[`${c.service}_receives_${key}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${key}` },
        summary: `${c.service} handles ${e.subject} (durable consumers ${c.partitionDurables}, one per partition)`,
        description: `One durable consumer per partition, \`${c.partitionDurables}\` filtering \`${e.subject}.{partition}\`; ${c.service}'s replicas share the partitions out by leases, at most one reading a partition at a time. \`x-cs-durable\` is their base name.`,
        tags: [{ name: c.service }],
        'x-cs-durable': c.durable,
        'x-cs-partition-durables': c.partitionDurables,
      };
    }
  }
  const deadLetterConsumers = [...new Set(consumers.map((c) => c.service))].sort();
  channels.dead_letters = deadLetterChannel(consumers, facts);
  messages.DeadLetter = deadLetterMessage();
  for (const service of deadLetterConsumers) {
    operations[`${service}_sends_dead_letters`] = {
      action: 'send',
      channel: { $ref: '#/channels/dead_letters' },
      summary: `${service} moves an event its handler keeps failing on to cs.dlq.${service}.<subject>`,
      tags: [{ name: service }],
    };
  }

  const publishers = [...new Set(events.map((e) => e.subject.split('.')[1]))].sort();
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Customer-service platform events',
      version: '1.0.0',
      description: withPartitions(facts.overview, partitioning),
      tags: [...new Set([...publishers, ...deadLetterConsumers])].sort().map((name) => ({ name })),
      'x-cs-delivery': facts.delivery,
      'x-cs-partitioning': partitioning,
      'x-cs-retention': facts.retention,
      'x-cs-versioning': facts.versioning,
    },
    servers: {
      local: {
        host: `127.0.0.1:${NATS_OWN_DEFAULT_PORT}`,
        protocol: 'nats',
        title: 'npm start',
        description: `The nats-server that \`npm start\` runs (NATS_PORT moves it, CS_PORT_OFFSET shifts it). Integrators connect as user \`${INTEGRATOR_USER}\` with the password it prints at start (kept in .local/nats/users.json): read-only, every cs.> subject, durable consumers of their own.`,
        security: [{ $ref: '#/components/securitySchemes/natsUser' }],
      },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      parameters: { partition: partitionParameter(partitioning) },
      messages,
      schemas: { CloudEventHeaders: facts.cloudEventHeaders, ...eventSchemas(events, schemas, image) },
      securitySchemes: {
        natsUser: {
          type: 'userPassword',
          description: `NATS user and password. Each platform service has its own (it may publish only cs.<service>.> and cs.dlq.<service>.>); \`${INTEGRATOR_USER}\` reads every event and publishes nothing.`,
        },
      },
    },
  };
}

/** The durables of one platform consumer, one per partition (libs/bus partitionDurableName). */
const partitionDurables = (durable) => `${durable}__p{partition}`;

/**
 * How events are split into partitions, and what that means for a reader. The examples are computed
 * here with the same FNV-1a as libs/bus partitionOf; test/e2e/asyncapi.test.ts compares them.
 */
function partitionFacts(partitions) {
  const last = partitions - 1;
  return {
    partitions,
    key: 'ce-subject',
    hash: `FNV-1a 32-bit of the aggregate id's UTF-8 bytes, modulo ${partitions}`,
    examples: Object.fromEntries(
      ['TB1001', 'TB1002', 'AS-2026-0001', '订单-1'].map((id) => [id, partitionOf(id, partitions)]),
    ),
    explanation: [
      `Every event is published on its subject plus one more token, the partition: \`cs.<service>.<entity>.<event>.<partition>\` (0..${last}), e.g. \`cs.orders.order.placed.3\`. \`ce-type\` stays the subject without the partition. The partition is the FNV-1a 32-bit hash of the aggregate id (\`ce-subject\`, its UTF-8 bytes) modulo ${partitions}, so all events of one aggregate land in one partition. Streams are unchanged (\`CS_ORDERS\` holds \`cs.orders.>\`), and so are dead-letter subjects (\`cs.dlq.<consumer>.<subject>\`, without the partition).`,
      'To read one event type, filter `<subject>.*` (e.g. `cs.orders.order.placed.*`; not `<subject>.>`, which would also take a later `<subject>.v2.<partition>`); all of a service, `cs.<service>.>`; one partition, `<subject>.<partition>`.',
    ].join('\n\n'),
    order: [
      'An aggregate’s events are all in one partition, so a consumer sees those of the subjects it filters in the order they were committed. Across event types of one aggregate only when one consumer reads them together (e.g. `cs.orders.>`): two consumers, one per subject, see them in no order between them.',
      `Several replicas of one reader keep per-aggregate order by reading disjoint partitions: one durable consumer per partition (filter \`<subject>.<partition>\`, or \`cs.<service>.*.*.<partition>\` for every v1 subject of a service), each read by one replica at a time. One consumer shared by several replicas spreads one aggregate’s events over them, out of order. The platform’s own services do this: durables \`<service>__<subject, . as _>__p<partition>\`, shared out among replicas by leases in their database.`,
    ].join('\n\n'),
  };
}

/** The AsyncAPI channel parameter `partition` that every event channel's address ends with. */
function partitionParameter(partitioning) {
  return {
    description: `The partition of the event's aggregate, 0..${partitioning.partitions - 1}: the FNV-1a 32-bit hash of the UTF-8 bytes of \`ce-subject\` (the aggregate id), modulo ${partitioning.partitions}. All events of one aggregate are in one partition. Filter \`<subject>.*\` to read every partition.`,
    enum: Array.from({ length: partitioning.partitions }, (_, p) => String(p)),
    examples: ['0', String(partitioning.partitions - 1)],
  };
}

/** The overview with a sentence on partitions after the paragraph that names the subjects. */
function withPartitions(overview, partitioning) {
  const sentence = `Each event is published on \`<subject>.<partition>\`, the partition (0..${partitioning.partitions - 1}) a hash of its aggregate id, so all events of one aggregate are in one partition: filter \`<subject>.*\` to read a subject, \`cs.<service>.>\` a whole stream.`;
  const paragraphs = overview.split('\n\n');
  const at = paragraphs.findIndex((p) => p.startsWith('Subjects are'));
  if (at === -1) return [...paragraphs, sentence].join('\n\n');
  paragraphs[at] = `${paragraphs[at]} ${sentence}`;
  return paragraphs.join('\n\n');
}

const utf8 = new TextEncoder();

/** libs/bus partitionOf: FNV-1a (32 bit) of the id's UTF-8 bytes, modulo the partitions. */
function partitionOf(aggregateId, partitions) {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(aggregateId)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % partitions;
}

/** One channel for every dead letter: cs.dlq.<consumer>.<subject> on CS_DLQ. */
function deadLetterChannel(consumers, facts) {
  return {
    address: 'cs.dlq.{consumer}.{subject}',
    title: 'Dead letters',
    summary: 'Events a platform consumer gave up on, with why; one stream, CS_DLQ.',
    description: facts.deadLetters,
    parameters: {
      consumer: {
        description: 'The consuming service that gave up.',
        enum: [...new Set(consumers.map((c) => c.service))].sort(),
      },
      subject: {
        description: 'The subject of the original event.',
        enum: [...new Set(consumers.map((c) => c.subject))].sort(),
      },
    },
    messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
    'x-cs-stream': 'CS_DLQ',
  };
}

function deadLetterMessage() {
  return {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A copy of an event a consumer gave up on, personal data masked.',
    contentType: 'application/json',
    headers: {
      type: 'object',
      allOf: [{ $ref: '#/components/schemas/CloudEventHeaders' }, deadLetterHeaders()],
    },
    payload: {
      description:
        'The original body with personal data masked (x-cs-body: masked), or empty when it was not JSON (withheld). The unmasked original stays in its stream at x-cs-original-stream / x-cs-original-sequence.',
    },
  };
}

function channelDescription(e, publisher, stream, handlers) {
  const consumed = handlers.length
    ? handlers
        .map(
          (c) =>
            `${c.service} (durables \`${c.partitionDurables}\`, one per partition${c.start === 'own' ? ', starting where its handler says' : ''})`,
        )
        .join(', ')
    : 'no platform service';
  return [
    e.description,
    `Published by **${publisher}** (ce-source \`/cs/${publisher}\`) on stream \`${stream}\`, subject \`${e.subject}.<partition>\`; \`ce-subject\` is the aggregate id, and its partition holds all of that aggregate's events. Filter \`${e.subject}.*\` to read every partition.`,
    `Consumed inside the platform by: ${consumed}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The payload schemas the events reach, with the proto comments as descriptions. */
function eventSchemas(events, schemas, image) {
  const comments = protoComments(image);
  const out = {};
  const visit = (name) => {
    if (out[name] || !schemas[name]) return;
    const { additionalProperties: _, ...schema } = structuredClone(schemas[name]);
    // Additive changes within v1 add fields: a reader must ignore the ones it does not know.
    const doc = comments.get(name);
    if (doc?.description) schema.description = doc.description;
    out[name] = schema;
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      const text = doc?.fields.get(field);
      if (text) property.description = text;
      for (const ref of JSON.stringify(property).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) visit(ref[1]);
    }
  };
  for (const e of events) visit(e.fullName);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Leading comments of every message and field: fullName → { description, fields: jsonName → text }. */
function protoComments(image) {
  const result = new Map();
  for (const file of image.file) {
    const byPath = new Map();
    for (const loc of file.sourceCodeInfo?.location ?? []) {
      if (loc.leadingComments) byPath.set((loc.path ?? []).join(','), tidy(loc.leadingComments));
    }
    const visit = (prefix, messages, path) => {
      (messages ?? []).forEach((m, i) => {
        const here = [...path, i];
        const fields = new Map();
        (m.field ?? []).forEach((f, j) => {
          const text = byPath.get([...here, 2, j].join(','));
          if (text) fields.set(f.jsonName, text);
        });
        result.set(`${prefix}.${m.name}`, { description: byPath.get(here.join(',')), fields });
        visit(`${prefix}.${m.name}`, m.nestedType, [...here, 3]);
      });
    };
    visit(file.package, file.messageType, [4]);
  }
  return result;
}

/** STREAM_MAX_AGE_HOURS and the duplicate window, read from libs/bus (the one source of both). */
function busSettings(root) {
  const source = readFileSync(join(root, 'libs/bus/src/streams.setup.ts'), 'utf8');
  const maxAge = /^export const STREAM_MAX_AGE_HOURS = (\d+);$/m.exec(source);
  const window = /^export const DEFAULT_DUPLICATE_WINDOW_MS = ([\d_ *]+);$/m.exec(source);
  if (!maxAge || !window) {
    throw new Error('libs/bus/src/streams.setup.ts: STREAM_MAX_AGE_HOURS or DEFAULT_DUPLICATE_WINDOW_MS not found');
  }
  const product = window[1].split('*').reduce((acc, n) => acc * Number(n.trim().replaceAll('_', '')), 1);
  return { streamMaxAgeHours: Number(maxAge[1]), duplicateWindowSeconds: product / 1000 };
}

/** EVENT_PARTITIONS, read from libs/bus (the one source of it). */
function busPartitions(root) {
  const source = readFileSync(join(root, 'libs/bus/src/naming.util.ts'), 'utf8');
  const found = /^export const EVENT_PARTITIONS = (\d+);$/m.exec(source);
  if (!found) throw new Error('libs/bus/src/naming.util.ts: EVENT_PARTITIONS not found');
  return Number(found[1]);
}

/** A proto comment without the indentation of its continuation lines. */
function tidy(text) {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

function firstSentence(text) {
  if (!text) return undefined;
  const line = text.split('\n').join(' ');
  const end = line.search(/[.。](\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}

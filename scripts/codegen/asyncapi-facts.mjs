// What holds for every platform event, as the AsyncAPI document states it (and docs/events
// renders it): CloudEvents headers, delivery guarantees, retention, versioning, dead letters.
// Header names follow libs/bus cloud-event.codec.ts and dead-letter.publisher.ts;
// test/e2e/event-subscriber.test.ts compares them with those modules.

/** The facts, with the numbers read from libs/bus ({ streamMaxAgeHours, duplicateWindowSeconds }). */
export function platformFacts({ streamMaxAgeHours, duplicateWindowSeconds }) {
  const days = streamMaxAgeHours / 24;
  return {
    overview: [
      'CloudEvents 1.0 over NATS JetStream in binary mode: the attributes are `ce-*` message headers, the body is the proto3 JSON of the event message (generated from proto/).',
      'Event types are `cs.<service>.<entity>.<event>`, published on `cs.<service>.<entity>.<event>.<partition>` (the partition of the aggregate, 0–7); each producing service has one stream, `CS_<SERVICE>` (subjects `cs.<service>.>`), and only that service may publish on it.',
      `Delivery is at least once, in order per aggregate (\`ce-subject\`); dedupe by \`ce-id\` and ignore an event whose \`ce-aggregateversion\` is older than what you hold. Streams keep events ${days} days.`,
      'Integrator guide: docs/integrators.md; readable catalogue: docs/events/.',
    ].join('\n\n'),
    delivery: {
      guarantee: 'at-least-once',
      explanation:
        'Events are written to an outbox in the same transaction as the change they describe and published by a relay after commit, so none is lost and none describes a change that did not commit. A relay that crashes after publishing publishes again; a consumer that does not ack in time gets the message again.',
      order:
        'Per aggregate (ce-subject): one aggregate’s events are stored in the order they were committed, across all subjects of its stream. A consumer reading in stream order sees them in that order; a redelivery (nak, ack timeout) may come after later events. No order between aggregates.',
      dedupeKey: 'ce-id',
      dedupe: `ce-id is the event’s id (UUIDv7) and its Nats-Msg-Id: JetStream drops a re-publish within the ${duplicateWindowSeconds} s duplicate window; anything later, and every redelivery, arrives with the same ce-id. Keep the ids you handled at least as long as you might replay.`,
      aggregateVersion:
        'ce-aggregateversion is the aggregate’s version after the change; payloads that carry `<entity>_version` hold the same number. Ignore an event older than the version you hold.',
    },
    retention: {
      streamMaxAgeHours,
      duplicateWindowSeconds,
      explanation: `Every stream (\`CS_<SERVICE>\` and \`CS_DLQ\`) keeps each event ${streamMaxAgeHours} hours (${days} days; \`STREAM_MAX_AGE_HOURS\` in libs/bus/src/streams.setup.ts) whether or not it was consumed; a new durable consumer can start from any point inside that window.`,
    },
    versioning: {
      rule: 'Subjects and payloads of v1 change only additively: new subjects, new fields, new enum values. A reader ignores fields it does not know and treats an unknown enum value as unspecified. Nothing is renamed, removed or retyped within v1 (buf breaking checks WIRE_JSON against the released contracts in CI).',
      breaking:
        'A breaking change is a new subject, the old one with a `.v2` suffix (e.g. `cs.orders.order.placed.v2`) carrying a message of package `cs.<service>.v2`, published beside the v1 subject until its readers have moved; the v1 subject stops no earlier than one retention period after the announcement.',
    },
    deadLetters: [
      'When a platform service’s handler keeps failing on an event (its maximum deliveries; at once for a message that is not a valid CloudEvent), the event is copied to `cs.dlq.<consumer>.<subject>` on the stream `CS_DLQ` and removed from that consumer’s work (terminated); other consumers of the subject are unaffected.',
      'A dead letter carries the original `ce-*` and trace headers, `x-cs-*` headers saying which consumer gave up, after how many deliveries, why and where the original is stored, and the body with personal data masked. The unmasked original stays in its stream (`x-cs-original-stream`, `x-cs-original-sequence`) for a replay: see docs/integrators.md.',
    ].join('\n\n'),
    cloudEventHeaders: {
      type: 'object',
      description: 'CloudEvents 1.0 binary mode over NATS: the context attributes as ce-* headers.',
      required: [
        'ce-id',
        'ce-type',
        'ce-source',
        'ce-time',
        'ce-subject',
        'ce-specversion',
        'ce-aggregateversion',
        'content-type',
      ],
      properties: {
        'ce-id': { type: 'string', format: 'uuid', description: 'The event id (UUIDv7); the dedupe key.' },
        'ce-type': { type: 'string', description: 'The subject without any prefix, e.g. `cs.orders.order.placed`.' },
        'ce-source': { type: 'string', description: 'The publishing service: `/cs/<service>`.' },
        'ce-time': {
          type: 'string',
          format: 'date-time',
          description: 'When the change was written (its transaction).',
        },
        'ce-subject': {
          type: 'string',
          description: 'The aggregate id (order, case, complaint…); order is per this id.',
        },
        'ce-specversion': { const: '1.0' },
        'ce-aggregateversion': {
          type: 'string',
          pattern: '^[0-9]+$',
          description: 'CloudEvents extension: the aggregate’s version after the change.',
        },
        'content-type': { const: 'application/json', description: 'The body is proto3 JSON.' },
        traceparent: { type: 'string', description: 'W3C trace context of the change that caused the event.' },
        tracestate: { type: 'string', description: 'W3C trace context, vendor part.' },
      },
    },
  };
}

/** The headers a dead letter adds to the original's (libs/bus DEAD_LETTER_HEADERS). */
/** The headers an event adds to the CloudEvents ones: its own type and source, and its Nats-Msg-Id. */
export function eventHeaders(subject, publisher) {
  return {
    required: ['Nats-Msg-Id'],
    properties: {
      'ce-type': { const: subject },
      'ce-source': { const: `/cs/${publisher}` },
      'Nats-Msg-Id': {
        type: 'string',
        description: 'Equals ce-id: JetStream drops a re-publish inside the duplicate window.',
      },
    },
  };
}

export function deadLetterHeaders() {
  const text = (description) => ({ type: 'string', description });
  return {
    required: [
      'x-cs-error',
      'x-cs-consumer',
      'x-cs-deliveries',
      'x-cs-original-subject',
      'x-cs-original-stream',
      'x-cs-original-sequence',
      'x-cs-failed-at',
      'x-cs-body',
    ],
    properties: {
      'x-cs-error': text('The last error, phone numbers masked.'),
      'x-cs-consumer': text('The durable consumer that gave up: `<service>__<subject, . as _>`.'),
      'x-cs-deliveries': { type: 'string', pattern: '^[0-9]+$', description: 'Deliveries it took.' },
      'x-cs-original-subject': text('The NATS subject of the original.'),
      'x-cs-original-stream': text('The stream that still holds the original.'),
      'x-cs-original-sequence': { type: 'string', pattern: '^[0-9]+$', description: 'Its sequence in that stream.' },
      'x-cs-failed-at': { type: 'string', format: 'date-time', description: 'When it was given up.' },
      'x-cs-body': {
        enum: ['masked', 'withheld'],
        description: 'masked: JSON with personal data masked; withheld: not JSON, left out.',
      },
      'Nats-Msg-Id': text(
        '`<consumer>:<original stream>:<original sequence>`: dead-lettering the same message twice stores it once.',
      ),
    },
  };
}

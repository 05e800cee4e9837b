/**
 * How logical names (cs.orders.order.placed, CS_ORDERS) map to NATS names.
 * A subject prefix isolates tests (and could isolate environments sharing one NATS):
 * prefix "t1a2b3c" → subject "t1a2b3c.cs.orders.order.placed", stream "T1A2B3C_CS_ORDERS".
 * Production uses no prefix.
 */

const PREFIX = /^[A-Za-z0-9_-]+$/;
const SERVICE = /^[a-z][a-z0-9_-]*$/;
const SUBJECT = /^cs(\.[a-z0-9_]+){3,}$/;

/** The namespace of the dead-letter stream; not a producing service. */
export const DEAD_LETTER_TOKEN = 'dlq';
export const DEAD_LETTER_STREAM = 'CS_DLQ';

export function assertSubjectPrefix(prefix: string | undefined): string {
  const value = prefix ?? '';
  if (value !== '' && !PREFIX.test(value)) {
    throw new Error(`subjectPrefix must be one NATS token of letters, digits, "_" or "-": ${JSON.stringify(value)}`);
  }
  return value;
}

export function assertServiceName(name: string): string {
  if (!SERVICE.test(name)) {
    throw new Error(
      `service name must be lower case letters, digits, "_" or "-", starting with a letter: ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** The NATS subject of a logical subject: "cs.orders.order.placed" → "<prefix>.cs.orders.order.placed". */
export function prefixSubject(prefix: string | undefined, subject: string): string {
  const p = assertSubjectPrefix(prefix);
  return p ? `${p}.${subject}` : subject;
}

/**
 * Every event subject is split into this many partitions by aggregate: an event is published on
 * "<subject>.<partition>", and all events of one aggregate land in one partition. A consuming service
 * has a durable consumer per partition and one replica at a time reads each, so an aggregate's
 * events are handled in the order they were published, however many replicas run. Part of the event
 * contract: changing it moves aggregates between partitions.
 */
export const EVENT_PARTITIONS = 8;

const utf8 = new TextEncoder();

/** The partition of an aggregate: FNV-1a (32 bit) of its id's UTF-8 bytes, modulo EVENT_PARTITIONS. */
export function partitionOf(aggregateId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(aggregateId)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % EVENT_PARTITIONS;
}

/** The NATS subject an aggregate's event is published on: ("cs.orders.order.placed", id) → "cs.orders.order.placed.<partition>" (prefixed). */
export function eventNatsSubject(prefix: string | undefined, subject: string, aggregateId: string): string {
  return `${prefixSubject(prefix, subject)}.${partitionOf(aggregateId)}`;
}

/** Every partition of a (NATS) subject: "cs.orders.order.placed" → "cs.orders.order.placed.*". */
export function allPartitions(natsSubject: string): string {
  return `${natsSubject}.*`;
}

/** "<subject>.<partition>" split in two; undefined when the last token is not a partition. */
function splitPartition(natsSubject: string): { subject: string; partition: number } | undefined {
  const dot = natsSubject.lastIndexOf('.');
  const token = natsSubject.slice(dot + 1);
  const partition = Number(token);
  if (dot < 0 || !/^\d+$/.test(token) || partition >= EVENT_PARTITIONS) return undefined;
  return { subject: natsSubject.slice(0, dot), partition };
}

/** The partition a delivered message was published on (the last token of its subject). */
export function partitionOfSubject(natsSubject: string): number {
  const split = splitPartition(natsSubject);
  if (!split) {
    throw new Error(`not a partitioned event subject (<subject>.<0..${EVENT_PARTITIONS - 1}>): ${natsSubject}`);
  }
  return split.partition;
}

/** The subject an event was published under without its partition: "cs.orders.order.placed.3" → "cs.orders.order.placed"; any other subject as it is. */
export function withoutPartition(natsSubject: string): string {
  return splitPartition(natsSubject)?.subject ?? natsSubject;
}

/** The logical subject of a NATS subject; undefined when it does not carry the prefix. */
export function unprefixSubject(prefix: string | undefined, natsSubject: string): string | undefined {
  const p = assertSubjectPrefix(prefix);
  if (!p) return natsSubject;
  return natsSubject.startsWith(`${p}.`) ? natsSubject.slice(p.length + 1) : undefined;
}

/** The JetStream stream name of a logical stream: "CS_ORDERS" → "<PREFIX>_CS_ORDERS". */
export function prefixStream(prefix: string | undefined, stream: string): string {
  const p = assertSubjectPrefix(prefix);
  return p ? `${p.toUpperCase().replaceAll('-', '_')}_${stream}` : stream;
}

/** The logical stream of a producing service: "orders" → "CS_ORDERS" (matches streamOf() in @cs/contracts). */
export function producerStream(producer: string): string {
  assertServiceName(producer);
  if (producer === DEAD_LETTER_TOKEN) throw new Error(`"${DEAD_LETTER_TOKEN}" is reserved for the dead-letter stream`);
  return `CS_${producer.toUpperCase().replaceAll('-', '_')}`;
}

/** The subjects a producing service publishes on: "orders" → "cs.orders.>". */
export function producerSubjects(producer: string): string {
  assertServiceName(producer);
  return `cs.${producer}.>`;
}

/**
 * The durable consumer of one consuming service for one subject:
 * ("printing", "cs.orders.order.placed") → "printing__cs_orders_order_placed".
 * Durable names live inside the (prefixed) stream, so they need no prefix themselves.
 */
export function durableName(serviceName: string, subject: string): string {
  assertServiceName(serviceName);
  assertEventSubjectShape(subject);
  return `${serviceName}__${subject.replaceAll('.', '_')}`;
}

/** The durable consumer of one partition of a route: ("printing__cs_orders_order_placed", 3) → "printing__cs_orders_order_placed__p3". */
export function partitionDurableName(durable: string, partition: number): string {
  return `${durable}__p${partition}`;
}

/** Where a message that keeps failing goes: ("printing", "cs.orders.order.placed") → "cs.dlq.printing.cs.orders.order.placed". */
export function deadLetterSubject(serviceName: string, subject: string): string {
  assertServiceName(serviceName);
  assertEventSubjectShape(subject);
  return `cs.${DEAD_LETTER_TOKEN}.${serviceName}.${subject}`;
}

export function deadLetterSubjects(): string {
  return `cs.${DEAD_LETTER_TOKEN}.>`;
}

export function assertEventSubjectShape(subject: string): string {
  if (!SUBJECT.test(subject))
    throw new Error(`not a platform event subject (cs.<service>.<entity>.<event>): ${subject}`);
  return subject;
}

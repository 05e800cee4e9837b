// libs/contracts/asyncapi.json: valid for the stock AsyncAPI parser, complete against the event
// catalogue, and naming what libs/bus really does (partitions, durables, dead letters, headers, retention).
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import {
  allPartitions,
  CE,
  DEAD_LETTER_HEADERS,
  deadLetterSubject,
  durableName,
  EVENT_PARTITIONS,
  eventNatsSubject,
  partitionDurableName,
  partitionOf,
  partitionOfSubject,
  STREAM_MAX_AGE_HOURS,
} from '@cs/bus';
import { eventCatalogue } from '@cs/contracts';
import { describe, expect, it } from 'vitest';

const path = new URL('../../libs/contracts/asyncapi.json', import.meta.url);
const text = readFileSync(path, 'utf8');
const doc = JSON.parse(text);

interface Consumer {
  service: string;
  durable: string;
  partitionDurables: string;
  deadLetterSubject: string;
}
interface EventChannel {
  address: string;
  parameters: Record<string, { $ref: string }>;
  'x-cs-subject': string;
  'x-cs-filter': string;
  'x-cs-consumers': Consumer[];
}
const eventChannels = Object.values<EventChannel>(doc.channels).filter((c) => c['x-cs-consumers']);
const partitions = Array.from({ length: EVENT_PARTITIONS }, (_, p) => p);
/** The NATS subject a channel's address names for one partition. */
const addressOf = (c: EventChannel, partition: number) => c.address.replace('{partition}', String(partition));

describe('the AsyncAPI document', () => {
  it('parses with the stock @asyncapi/parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    // Severity 0 = error, 1 = warning (2, 3: information, hints).
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
    expect(document?.channels().length).toBe(eventChannels.length + 1);
  });

  it('has a channel for every subject of the event catalogue, and none besides them and the dead letters', () => {
    const subjects = eventChannels.map((c) => c['x-cs-subject']).sort();
    expect(subjects).toEqual(Object.keys(eventCatalogue).sort());
    expect(doc.channels.dead_letters.address).toBe('cs.dlq.{consumer}.{subject}');
  });

  it('addresses each channel on the partitioned subjects libs/bus publishes on', () => {
    const parameter = doc.components.parameters.partition;
    expect(parameter.enum).toEqual(partitions.map(String));
    expect(doc.info['x-cs-partitioning'].partitions).toBe(EVENT_PARTITIONS);
    for (const c of eventChannels) {
      const subject = c['x-cs-subject'];
      expect(c.address).toBe(`${subject}.{partition}`);
      expect(c.parameters).toEqual({ partition: { $ref: '#/components/parameters/partition' } });
      expect(c['x-cs-filter']).toBe(allPartitions(subject));
      // Whatever the aggregate, its event is published on one of the channel's addresses.
      const published = eventNatsSubject(undefined, subject, 'TB1001');
      expect(partitions.map((p) => addressOf(c, p))).toContain(published);
      expect(addressOf(c, partitionOfSubject(published))).toBe(published);
    }
  });

  it('states the partition function libs/bus uses', () => {
    const examples: Record<string, number> = doc.info['x-cs-partitioning'].examples;
    expect(Object.keys(examples).length).toBeGreaterThan(2);
    // Not all in one partition, or the examples would show nothing.
    expect(new Set(Object.values(examples)).size).toBeGreaterThan(1);
    for (const [aggregateId, partition] of Object.entries(examples)) expect(partitionOf(aggregateId)).toBe(partition);
  });

  it('names durable consumers and dead-letter subjects as libs/bus makes them', () => {
    const consumers = eventChannels.flatMap((c) =>
      (c['x-cs-consumers'] ?? []).map((x) => ({ ...x, subject: c['x-cs-subject'] })),
    );
    expect(consumers.length).toBeGreaterThan(0);
    for (const c of consumers) {
      expect(c.durable).toBe(durableName(c.service, c.subject));
      expect(c.deadLetterSubject).toBe(deadLetterSubject(c.service, c.subject));
      for (const p of partitions) {
        expect(c.partitionDurables.replace('{partition}', String(p))).toBe(partitionDurableName(c.durable, p));
      }
      const receive = doc.operations[`${c.service}_receives_${c.subject.replaceAll('.', '_')}`];
      expect(receive['x-cs-durable']).toBe(c.durable);
      expect(receive['x-cs-partition-durables']).toBe(c.partitionDurables);
    }
  });

  it('states the headers libs/bus writes, and the retention it sets', () => {
    const cloudEvent = doc.components.schemas.CloudEventHeaders;
    expect(Object.values(CE).every((name) => cloudEvent.required.includes(name))).toBe(true);
    const deadLetter = doc.components.messages.DeadLetter.headers.allOf[1];
    expect(Object.values(DEAD_LETTER_HEADERS).sort()).toEqual([...deadLetter.required].sort());
    expect(doc.info['x-cs-retention'].streamMaxAgeHours).toBe(STREAM_MAX_AGE_HOURS);
  });
});

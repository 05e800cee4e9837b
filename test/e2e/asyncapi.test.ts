// libs/contracts/asyncapi.json: valid for the stock AsyncAPI parser, complete against the event
// catalogue, and naming what libs/bus really does (durables, dead letters, headers, retention).
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { CE, DEAD_LETTER_HEADERS, deadLetterSubject, durableName, STREAM_MAX_AGE_HOURS } from '@cs/bus';
import { eventCatalogue } from '@cs/contracts';
import { describe, expect, it } from 'vitest';

const path = new URL('../../libs/contracts/asyncapi.json', import.meta.url);
const text = readFileSync(path, 'utf8');
const doc = JSON.parse(text);

interface Consumer {
  service: string;
  durable: string;
  deadLetterSubject: string;
}
const eventChannels = Object.values<{ address: string; 'x-cs-consumers'?: Consumer[] }>(doc.channels).filter(
  (c) => c['x-cs-consumers'],
);

describe('the AsyncAPI document', () => {
  it('parses with the stock @asyncapi/parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    // Severity 0 = error, 1 = warning (2, 3: information, hints).
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
    expect(document?.channels().length).toBe(eventChannels.length + 1);
  });

  it('has a channel for every subject of the event catalogue, and none besides them and the dead letters', () => {
    const addresses = eventChannels.map((c) => c.address).sort();
    expect(addresses).toEqual(Object.keys(eventCatalogue).sort());
    expect(doc.channels.dead_letters.address).toBe('cs.dlq.{consumer}.{subject}');
  });

  it('names durable consumers and dead-letter subjects as libs/bus makes them', () => {
    const consumers = eventChannels.flatMap((c) =>
      (c['x-cs-consumers'] ?? []).map((x) => ({ ...x, subject: c.address })),
    );
    expect(consumers.length).toBeGreaterThan(0);
    for (const c of consumers) {
      expect(c.durable).toBe(durableName(c.service, c.subject));
      expect(c.deadLetterSubject).toBe(deadLetterSubject(c.service, c.subject));
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

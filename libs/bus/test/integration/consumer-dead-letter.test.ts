import { staysTrue, waitFor } from '@cs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { headerRecord } from '../../src/cloud-event.codec.js';
import { durableName, eventNatsSubject } from '../../src/naming.util.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import {
  DeskBehaviour,
  PRINTING_DESK_TABLE,
  type RunningDesk,
  startPrintingDesk,
} from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
let desk: RunningDesk;
const DURABLE = durableName('printing', 'cs.orders.order.address_changed');
const jammed = new DeskBehaviour('a', (event) => {
  // The message quotes the customer's phone, as a careless handler's might.
  if (event.orderId.startsWith('jam'))
    throw new Error(`printer jammed on ${event.orderId}, call ${event.newAddress?.phone}`);
});

beforeAll(async () => {
  fx = await openBusFixture('consumer_dlq');
  await fx.sql(PRINTING_DESK_TABLE);
  await fx.ensureOrderStreams();
  desk = await startPrintingDesk(fx, jammed, { maxDeliver: 3, backoffMs: [200, 400] });
});

afterEach(() => {
  jammed.calls.length = 0;
});

afterAll(async () => {
  await desk?.close();
  await fx?.close();
});

async function deadLetters() {
  return (await fx.storedMessages('CS_DLQ')).map((m) => ({
    subject: m.subject,
    headers: headerRecord(m.header),
    body: m.string(),
  }));
}

function consumerSettled(): Promise<boolean> {
  return fx.consumerSettled('CS_ORDERS', DURABLE);
}

describe('JetStreamServer retries and dead letters', () => {
  it('redelivers a failing event with backoff, dead-letters it on delivery maxDeliver with x-cs-error, and never redelivers it again', async () => {
    const { eventId } = await publishAddressChanged(fx, { orderId: 'jam-1' });

    const [letter] = await waitFor('the event on the dead-letter stream', async () => {
      const letters = (await deadLetters()).filter((l) => l.headers['ce-id'] === eventId);
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter?.subject).toBe(`${fx.prefix}.cs.dlq.printing.cs.orders.order.address_changed`);
    expect(letter?.headers).toMatchObject({
      'ce-id': eventId,
      'ce-type': 'cs.orders.order.address_changed',
      'ce-subject': 'jam-1',
      'x-cs-consumer': DURABLE,
      'x-cs-deliveries': '3',
      'x-cs-original-subject': eventNatsSubject(fx.prefix, 'cs.orders.order.address_changed', 'jam-1'),
    });
    expect(letter?.headers['x-cs-error']).toContain('printer jammed on jam-1');
    expect(JSON.parse(letter?.body ?? '')).toMatchObject({ orderId: 'jam-1' });

    const attempts = jammed.calls.filter((c) => c.eventId === eventId);
    expect(attempts.map((c) => c.deliveryCount)).toEqual([1, 2, 3]);
    const gaps = attempts.slice(1).map((c, i) => c.at - (attempts[i]?.at ?? 0));
    console.info(`redelivery gaps (ms) with backoff [200, 400]: ${gaps.join(', ')}`);
    expect(gaps[0]).toBeGreaterThanOrEqual(180);
    expect(gaps[1]).toBeGreaterThanOrEqual(380);

    await waitFor('consumer has nothing pending', consumerSettled);
    await staysTrue('no further delivery', () => jammed.calls.filter((c) => c.eventId === eventId).length === 3, {
      timeoutMs: 1000,
    });
    expect(await fx.sql('select * from printing_desk_log where order_id = ?', ['jam-1'])).toEqual([]); // every attempt rolled back
  });

  it('dead-letters an event whose body does not parse at once, without calling the handler', async () => {
    const { eventId } = await publishAddressChanged(fx, {
      orderId: 'order-garbled',
      body: '{"orderId": "order-garbled", ',
    });

    const letter = await waitFor('the garbled event on the dead-letter stream', async () =>
      (await deadLetters()).find((l) => l.headers['ce-id'] === eventId),
    );
    expect(letter.headers['x-cs-deliveries']).toBe('1');
    expect(letter.headers['x-cs-error']).toMatch(/MalformedEventError: body is not UTF-8 JSON/);
    // Not JSON, so nothing can be masked field by field: the body is withheld, the original stays in its stream.
    expect(letter.headers['x-cs-body']).toBe('withheld');
    expect(letter.body).toBe('');
    const original = await fx.jsm.streams.getMessage(letter.headers['x-cs-original-stream']!, {
      seq: Number(letter.headers['x-cs-original-sequence']),
    });
    expect(original?.string()).toBe('{"orderId": "order-garbled", ');
    expect(jammed.calls.filter((c) => c.eventId === eventId)).toEqual([]);
    await waitFor('consumer has nothing pending', consumerSettled);
  });

  it("holds the customer's personal data masked, in the body and in x-cs-error; the original stays in its stream", async () => {
    const { eventId } = await publishAddressChanged(fx, { orderId: 'jam-personal' });

    const letter = await waitFor('the event on the dead-letter stream', async () =>
      (await deadLetters()).find((l) => l.headers['ce-id'] === eventId),
    );
    expect(letter.headers['x-cs-body']).toBe('masked');
    expect(letter.headers['x-cs-error']).toBe('Error: printer jammed on jam-personal, call 138****0000');
    expect(JSON.parse(letter.body)).toEqual({
      orderId: 'jam-personal',
      newAddress: '[masked address]',
      orderVersion: 1,
    });
    expect(`${letter.body} ${JSON.stringify(letter.headers)}`).not.toMatch(/13800000000|Wensan|Li Lei/);

    const original = await fx.jsm.streams.getMessage(letter.headers['x-cs-original-stream']!, {
      seq: Number(letter.headers['x-cs-original-sequence']),
    });
    expect(original?.json()).toMatchObject({
      orderId: 'jam-personal',
      newAddress: { recipientName: 'Li Lei', phone: '13800000000', street: '1 Wensan Road' },
    });
    await waitFor('consumer has nothing pending', consumerSettled);
  });

  it('handles the next good event normally after dead-lettering', async () => {
    const { eventId } = await publishAddressChanged(fx, { orderId: 'order-fine' });
    await waitFor('the good event handled', async () => {
      const rows = await fx.sql('select * from printing_desk_log where event_id = ?', [eventId]);
      return rows.length === 1;
    });
  });
});

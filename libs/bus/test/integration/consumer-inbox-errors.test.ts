import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerRecord } from '../../src/cloud-event.codec.js';
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
const behaviour = new DeskBehaviour('a');

beforeAll(async () => {
  fx = await openBusFixture('consumer_inbox_errors');
  await fx.sql(PRINTING_DESK_TABLE);
  // A permanent error on the inbox write itself: this id can never be recorded.
  await fx.sql("alter table cs_inbox add constraint no_poison check (message_id not like 'poison-%')");
  await fx.ensureOrderStreams();
  desk = await startPrintingDesk(fx, behaviour, { maxDeliver: 3, backoffMs: [100, 200] });
});

afterAll(async () => {
  await desk?.close();
  await fx?.close();
});

describe('JetStreamServer inbox-write errors', () => {
  it('dead-letters an event whose inbox write fails with a constraint error after maxDeliver, without calling the handler', async () => {
    const { eventId } = await publishAddressChanged(fx, { orderId: 'poisoned', eventId: 'poison-1' });
    const letter = await waitFor(
      'the event on the dead-letter stream',
      async () =>
        (await fx.storedMessages('CS_DLQ')).map((m) => headerRecord(m.header)).find((h) => h['ce-id'] === eventId),
      { timeoutMs: 20_000 },
    );
    expect(letter['x-cs-deliveries']).toBe('3');
    expect(letter['x-cs-error']).toMatch(/no_poison/);
    expect(behaviour.calls.filter((c) => c.eventId === eventId)).toHaveLength(0);
  });
});

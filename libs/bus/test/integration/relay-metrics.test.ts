import { renderMetrics } from '@cs/telemetry';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';

let fx: BusFixture;
let relay: OutboxRelay;

beforeAll(async () => {
  fx = await openBusFixture('relay_metrics');
  await fx.sql(ORDER_STATE_TABLE);
  // No streams yet: every publish fails and the backlog grows.
  relay = new OutboxRelay({
    databaseUrl: fx.databaseUrl,
    nc: fx.nc,
    source: '/cs/orders',
    subjectPrefix: fx.prefix,
    maxBackoffMs: 500,
  });
  await relay.start();
});

afterAll(async () => {
  await relay?.stop();
  await fx?.close();
});

/** A sample of the /metrics text (what the service's /metrics handler renders), without labels. */
async function sample(name: string): Promise<number | undefined> {
  const line = (await renderMetrics()).split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('OutboxRelay metrics on /metrics', () => {
  it('shows the backlog, the oldest pending age and the failed then published counts', async () => {
    const failedBefore = (await sample('cs_outbox_publish_failures_total')) ?? 0;
    const publishedBefore = (await sample('cs_outbox_published_total')) ?? 0;
    for (let version = 1; version <= 3; version++) await changeAddress(fx.orm.em, 'metered', version);

    await waitFor(
      'a failed publish counted',
      async () => ((await sample('cs_outbox_publish_failures_total')) ?? 0) > failedBefore,
    );
    expect(await sample('cs_outbox_backlog_rows')).toBe(3);
    const age = await waitFor('the oldest row is a moment old', async () => {
      const seconds = (await sample('cs_outbox_oldest_pending_age_seconds')) ?? 0;
      return seconds > 0.05 ? seconds : undefined;
    });
    expect(age).toBeLessThan(60);

    await fx.ensureOrderStreams();
    await waitFor('the backlog drained', async () => (await sample('cs_outbox_backlog_rows')) === 0, {
      timeoutMs: 15_000,
    });
    expect(await sample('cs_outbox_oldest_pending_age_seconds')).toBe(0);
    expect((await sample('cs_outbox_published_total')) ?? 0).toBe(publishedBefore + 3);
  });
});

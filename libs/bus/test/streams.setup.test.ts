import type { StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { configDrift, streamSpecs } from '../src/streams.setup.js';

describe('stream specs', () => {
  it('gives one stream per producing service plus the dead-letter stream, prefixed', () => {
    expect(streamSpecs({ producers: ['orders', 'aftersales', 'orders'], subjectPrefix: 't9' })).toEqual([
      { name: 'T9_CS_ORDERS', subjects: ['t9.cs.orders.>'], duplicateWindowMs: 120_000, replicas: 1 },
      { name: 'T9_CS_AFTERSALES', subjects: ['t9.cs.aftersales.>'], duplicateWindowMs: 120_000, replicas: 1 },
      { name: 'T9_CS_DLQ', subjects: ['t9.cs.dlq.>'], duplicateWindowMs: 120_000, replicas: 1 },
    ]);
    expect(streamSpecs({ producers: ['orders'] })[0]).toMatchObject({ name: 'CS_ORDERS', subjects: ['cs.orders.>'] });
  });

  it('names the settings that differ, so only a drifted stream is updated', () => {
    const spec = { name: 'CS_ORDERS', subjects: ['cs.orders.>'], duplicateWindowMs: 120_000, replicas: 1 };
    const current = { subjects: ['cs.orders.>'], duplicate_window: nanos(120_000), num_replicas: 1 } as StreamConfig;
    expect(configDrift(current, spec)).toEqual([]);
    expect(configDrift({ ...current, duplicate_window: nanos(60_000) }, spec)).toEqual(['duplicate_window']);
    expect(configDrift({ ...current, subjects: ['cs.orders.x.>'], num_replicas: 3 }, spec)).toEqual([
      'subjects',
      'num_replicas',
    ]);
  });
});

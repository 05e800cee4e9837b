import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { configDrift, DEFAULT_DUPLICATE_WINDOW_MS, STREAM_MAX_AGE_HOURS, streamSpecs } from '../src/streams.setup.js';

const NINETY_DAYS_MS = 90 * 24 * 3_600_000;

describe('stream specs', () => {
  it('gives one stream per producing service plus the dead-letter stream, prefixed', () => {
    expect(streamSpecs({ producers: ['orders', 'aftersales', 'orders'], subjectPrefix: 't9' })).toEqual([
      {
        name: 'T9_CS_ORDERS',
        subjects: ['t9.cs.orders.>'],
        duplicateWindowMs: 120_000,
        replicas: 1,
        maxAgeMs: NINETY_DAYS_MS,
      },
      {
        name: 'T9_CS_AFTERSALES',
        subjects: ['t9.cs.aftersales.>'],
        duplicateWindowMs: 120_000,
        replicas: 1,
        maxAgeMs: NINETY_DAYS_MS,
      },
      {
        name: 'T9_CS_DLQ',
        subjects: ['t9.cs.dlq.>'],
        duplicateWindowMs: 120_000,
        replicas: 1,
        maxAgeMs: NINETY_DAYS_MS,
      },
    ]);
    expect(streamSpecs({ producers: ['orders'] })[0]).toMatchObject({ name: 'CS_ORDERS', subjects: ['cs.orders.>'] });
  });

  it('names the settings that differ, so only a drifted stream is updated', () => {
    const spec = {
      name: 'CS_ORDERS',
      subjects: ['cs.orders.>'],
      duplicateWindowMs: 120_000,
      replicas: 1,
      maxAgeMs: NINETY_DAYS_MS,
    };
    const current = {
      subjects: ['cs.orders.>'],
      duplicate_window: nanos(120_000),
      num_replicas: 1,
      max_age: nanos(NINETY_DAYS_MS),
    } as StreamConfig;
    expect(configDrift(current, spec)).toEqual([]);
    // A stream created before the services set a max age (0: keep for ever) is brought in line.
    expect(configDrift({ ...current, max_age: 0 }, spec)).toEqual(['max_age']);
    expect(configDrift({ ...current, duplicate_window: nanos(60_000) }, spec)).toEqual(['duplicate_window']);
    expect(configDrift({ ...current, subjects: ['cs.orders.x.>'], num_replicas: 3 }, spec)).toEqual([
      'subjects',
      'num_replicas',
    ]);
  });

  // One source of truth: the NACK Stream objects (written by deploy/k8s/generate.mjs, which reads
  // STREAM_MAX_AGE_HOURS) must say what the services set, or the two would fight over the stream.
  it('the deploy manifests give every stream the max age and duplicate window the code sets', () => {
    const base = resolve(import.meta.dirname, '../../../deploy/k8s/base');
    const streams = readdirSync(base, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => parseAllDocuments(readFileSync(join(base, file), 'utf8')).map((doc) => doc.toJS()))
      .filter((object) => object?.kind === 'Stream');
    expect(streams.length).toBeGreaterThanOrEqual(7); // six producers and the dead letters
    expect(STREAM_MAX_AGE_HOURS * 3_600_000).toBe(NINETY_DAYS_MS);
    for (const stream of streams) {
      expect(stream.spec.maxAge, stream.spec.name).toBe(`${STREAM_MAX_AGE_HOURS}h`);
      expect(stream.spec.duplicateWindow, stream.spec.name).toBe(`${DEFAULT_DUPLICATE_WINDOW_MS / 60_000}m`);
    }
  });
});

import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { describe, expect, it } from 'vitest';
import {
  isSpike,
  rootCauseKey,
  spikeKeys,
  spikeWindowStart,
  triggerWord,
} from '../../src/domain/incident-spike.rule.js';

const policy = { threshold: 10, windowMinutes: 60 };

describe('spike keys rule (应急: same root cause or same SKU)', () => {
  it('counts a complaint toward its root cause first, then each of its SKUs once', () => {
    expect(
      spikeKeys({
        skus: ['SKU-1', ' SKU-2 ', 'SKU-1', ''],
        rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
      }),
    ).toEqual([
      { trigger: IncidentTrigger.INCIDENT_TRIGGER_ROOT_CAUSE, key: 'product/quality/defect' },
      { trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU, key: 'SKU-1' },
      { trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU, key: 'SKU-2' },
    ]);
  });

  it('an incomplete or missing root cause does not count', () => {
    expect(spikeKeys({ skus: [], rootCause: { type: 'product', category: '', subcategory: '' } })).toEqual([]);
    expect(spikeKeys({ skus: ['A'] })).toEqual([{ trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU, key: 'A' }]);
  });

  it('names triggers as the event does', () => {
    expect(triggerWord(IncidentTrigger.INCIDENT_TRIGGER_SKU)).toBe('sku');
    expect(triggerWord(IncidentTrigger.INCIDENT_TRIGGER_ROOT_CAUSE)).toBe('root-cause');
    expect(rootCauseKey({ type: 'a', category: 'b', subcategory: 'c' })).toBe('a/b/c');
  });
});

describe('spike threshold and window rule', () => {
  it('the threshold-th complaint within the window is a spike; one fewer is not', () => {
    expect(isSpike(9, policy)).toBe(false);
    expect(isSpike(10, policy)).toBe(true);
    expect(isSpike(11, policy)).toBe(true);
  });

  it('the window reaches back windowMinutes from the complaint', () => {
    expect(spikeWindowStart(new Date('2026-12-03T10:00:00Z'), policy)).toEqual(new Date('2026-12-03T09:00:00Z'));
    expect(spikeWindowStart(new Date('2026-12-03T10:00:00Z'), { threshold: 3, windowMinutes: 15 })).toEqual(
      new Date('2026-12-03T09:45:00Z'),
    );
  });
});

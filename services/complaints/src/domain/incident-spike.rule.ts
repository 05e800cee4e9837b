import type { RootCause } from '@cs/contracts/cs/complaints/v1/complaint';
import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';

/** What a spike is counted by: one SKU, or one root cause as type/category/subcategory. */
export interface SpikeKey {
  trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU | IncidentTrigger.INCIDENT_TRIGGER_ROOT_CAUSE;
  key: string;
}

/** 应急 threshold and window: e.g. 10 complaints within 60 minutes. */
export interface SpikePolicy {
  threshold: number;
  windowMinutes: number;
}

/** The key of a root cause, as incidents show it: type/category/subcategory. */
export function rootCauseKey(cause: RootCause): string {
  return `${cause.type}/${cause.category}/${cause.subcategory}`;
}

/**
 * Spike keys rule: a complaint counts toward a spike of its root cause (once analysed) and of each
 * of its SKUs; the root cause comes first because it names what went wrong.
 */
export function spikeKeys(complaint: { skus: readonly string[]; rootCause?: RootCause }): SpikeKey[] {
  const keys: SpikeKey[] = [];
  const cause = complaint.rootCause;
  if (cause?.type && cause.category && cause.subcategory) {
    keys.push({ trigger: IncidentTrigger.INCIDENT_TRIGGER_ROOT_CAUSE, key: rootCauseKey(cause) });
  }
  for (const sku of new Set(complaint.skus.map((s) => s.trim()).filter((s) => s !== ''))) {
    keys.push({ trigger: IncidentTrigger.INCIDENT_TRIGGER_SKU, key: sku });
  }
  return keys;
}

/** Spike window rule: complaints opened at or after this instant count toward a spike seen at `at`. */
export function spikeWindowStart(at: Date, policy: SpikePolicy): Date {
  return new Date(at.getTime() - policy.windowMinutes * 60_000);
}

/** Spike threshold rule: `count` complaints (this one included) within the window open an incident. */
export function isSpike(count: number, policy: SpikePolicy): boolean {
  return count >= policy.threshold;
}

/** The event's trigger word for an incident trigger: root-cause or sku. */
export function triggerWord(trigger: IncidentTrigger): string {
  return trigger === IncidentTrigger.INCIDENT_TRIGGER_SKU ? 'sku' : 'root-cause';
}

import { SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { counter } from '@cs/telemetry';

const breaches = counter(
  'cs_inquiry_sla_breaches_total',
  'SLA clocks that passed their target, by kind (first_response, next_response, resolution)',
  ['kind'],
);

/** Counts one breach raised (once per clock, like its cs.inquiry.sla.breached event). */
export function countSlaBreach(metric: SlaMetric): void {
  breaches.inc({ kind: metric.replace(/^SLA_METRIC_/, '').toLowerCase() });
}

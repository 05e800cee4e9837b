import { observableGauge } from '@cs/telemetry';
import type { Readiness, ReadinessReport } from './readiness.js';

/** The running services of this process (one in production; several in some tests). */
const sources = new Set<Readiness>();
/** Both gauges of one scrape share one report: the one in flight is reused, never a finished one. */
let reading: Promise<ReadinessReport | undefined> | undefined;

function readReport(): Promise<ReadinessReport | undefined> {
  if (reading) return reading;
  const [readiness] = sources;
  const read = readiness ? readiness.report().catch(() => undefined) : Promise.resolve(undefined);
  reading = read.finally(() => {
    reading = undefined;
  });
  return reading;
}

/**
 * What /readyz would answer, read at scrape time, so an alert sees the same verdict as the
 * kubelet without depending on how often (or whether) something probes.
 */
export const readinessMetrics = {
  ready: observableGauge('cs_ready', '1 while /readyz answers 200, 0 while it answers 503', async (gauge) => {
    const report = await readReport();
    if (report) gauge.set(report.ready ? 1 : 0);
    else gauge.reset();
  }),
  checks: observableGauge(
    'cs_readiness_check_ok',
    'Each readiness check (database, migrations, nats, serving): 1 passing, 0 failing',
    async (gauge) => {
      const report = await readReport();
      gauge.reset();
      for (const [check, result] of Object.entries(report?.checks ?? {})) gauge.set({ check }, result.ok ? 1 : 0);
    },
    ['check'],
  ),
  observe(readiness: Readiness): void {
    sources.add(readiness);
  },
  forget(readiness: Readiness): void {
    sources.delete(readiness);
  },
};

import { Counter, collectDefaultMetrics, Gauge, Histogram, type Metric, Registry } from 'prom-client';

/** The one registry `/metrics` renders; every metric of the process is registered here. */
export const metricsRegistry = new Registry();

export const metricsContentType: string = metricsRegistry.contentType;

let defaultMetricsStarted = false;

/**
 * Labels every metric with `service` and starts the default Node metrics (event loop lag, heap,
 * GC, …) as `cs_*`. Call once at boot; later calls only change the label.
 */
export function initMetrics(serviceName: string): void {
  metricsRegistry.setDefaultLabels({ service: serviceName });
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'cs_' });
}

type MetricClass<M> = abstract new (...args: never[]) => M;

/**
 * The metric registered under `name`, created on first use. Modules can then declare their
 * metrics at the point of use without coordinating who creates them first; asking for an existing
 * name with another metric type is a programming error.
 */
function getOrCreate<M extends Metric>(name: string, type: MetricClass<M>, create: () => M): M {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (!(existing instanceof type)) {
    throw new Error(`metric ${name} is already registered as a ${existing.constructor.name}, not a ${type.name}`);
  }
  return existing;
}

export function counter<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return getOrCreate(name, Counter<L>, () => new Counter({ name, help, labelNames, registers: [metricsRegistry] }));
}

export function gauge<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return getOrCreate(name, Gauge<L>, () => new Gauge({ name, help, labelNames, registers: [metricsRegistry] }));
}

/**
 * A gauge read when `/metrics` is scraped (an observable gauge): `observe` sets its value(s), e.g.
 * from a query. It must not throw: a failing read would fail the whole scrape.
 */
export function observableGauge<L extends string = never>(
  name: string,
  help: string,
  observe: (gauge: Gauge<L>) => Promise<void> | void,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return getOrCreate(
    name,
    Gauge<L>,
    () =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [metricsRegistry],
        async collect() {
          await observe(this);
        },
      }),
  );
}

/** `buckets` are in the metric's unit; name histograms `*_seconds` and observe seconds. */
export function histogram<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  return getOrCreate(
    name,
    Histogram<L>,
    () => new Histogram({ name, help, labelNames, registers: [metricsRegistry], ...(buckets ? { buckets } : {}) }),
  );
}

/** The Prometheus text exposition of every metric, for a `/metrics` handler. */
export function renderMetrics(): Promise<string> {
  return metricsRegistry.metrics();
}

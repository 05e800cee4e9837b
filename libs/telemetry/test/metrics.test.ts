import { describe, expect, it } from 'vitest';
import {
  counter,
  gauge,
  histogram,
  initMetrics,
  metricsContentType,
  metricsRegistry,
  renderMetrics,
} from '../src/index.js';

describe('metrics', () => {
  it('returns the same metric when asked twice for a name', () => {
    const first = counter('cs_test_events_total', 'events', ['type']);
    const second = counter('cs_test_events_total', 'events', ['type']);
    expect(second).toBe(first);
    expect(histogram('cs_test_seconds', 'latency')).toBe(histogram('cs_test_seconds', 'latency'));
    expect(gauge('cs_test_backlog', 'backlog')).toBe(gauge('cs_test_backlog', 'backlog'));
  });

  it('refuses a name already registered as another type', () => {
    counter('cs_test_clash', 'clash');
    expect(() => histogram('cs_test_clash', 'clash')).toThrow(/already registered as a Counter/);
  });

  it('renders default Node metrics and custom ones, all labelled with the service', async () => {
    initMetrics('orders');
    initMetrics('orders');
    counter('cs_test_orders_total', 'orders placed', ['channel']).inc({ channel: 'web' }, 2);
    histogram('cs_test_rpc_seconds', 'rpc latency', ['method'], [0.1, 1]).observe({ method: 'Get' }, 0.5);

    const text = await renderMetrics();
    expect(text).toContain('cs_test_orders_total{channel="web",service="orders"} 2');
    expect(text).toContain('cs_test_rpc_seconds_bucket{le="1",service="orders",method="Get"} 1');
    expect(text).toMatch(/^cs_process_cpu_user_seconds_total\{service="orders"\} /m);
    expect(text).toMatch(/^cs_nodejs_heap_size_used_bytes\{service="orders"\} /m);
    expect(metricsContentType).toBe(metricsRegistry.contentType);
    expect(metricsContentType).toMatch(/^text\/plain/);
  });
});

// One Grafana dashboard per service (deploy/monitoring/dashboards/<service>.json), all from the
// panels below so the six stay alike; `npm run generate` writes them, `generate:check` compares.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** gRPC codes and HTTP statuses that are the service's fault, not the caller's (the error-ratio alert uses the same). */
export const SERVER_ERROR_CODES = 'UNKNOWN|INTERNAL|UNAVAILABLE|DEADLINE_EXCEEDED|DATA_LOSS|UNIMPLEMENTED|5..';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JavaScript template
const datasource = { type: 'prometheus', uid: '${datasource}' };

/** Panels only some services have: their own business metrics. */
const servicePanels = {
  inquiry: (sel) => [
    row('Front line'),
    panel('SLA breaches per hour by kind', 'short', [
      [`sum by (kind) (increase(cs_inquiry_sla_breaches_total{${sel}}[1h]))`, '{{kind}}'],
    ]),
  ],
};

function commonPanels(sel) {
  const rate = (metric, extra = '') => `rate(${metric}{${sel}${extra}}[$__rate_interval])`;
  const quantile = (q) =>
    `histogram_quantile(${q}, sum by (le, transport, method) (${rate('cs_request_duration_seconds_bucket')}))`;
  return [
    row('Requests (RED)'),
    panel('Request rate by method', 'reqps', [
      [`sum by (transport, method) (${rate('cs_requests_total')})`, '{{transport}} {{method}}'],
    ]),
    panel('Server-error ratio by method', 'percentunit', [
      [
        `sum by (transport, method) (${rate('cs_requests_total', `, code=~"${SERVER_ERROR_CODES}"`)}) / sum by (transport, method) (${rate('cs_requests_total')})`,
        '{{transport}} {{method}}',
      ],
    ]),
    panel('Answers other than OK by code', 'reqps', [
      [`sum by (transport, code) (${rate('cs_requests_total', ', code!~"OK|2.."')})`, '{{transport}} {{code}}'],
    ]),
    panel('Duration p99 by method', 's', [[quantile(0.99), '{{transport}} {{method}}']]),
    panel('Duration p50 by method', 's', [[quantile(0.5), '{{transport}} {{method}}']]),
    row('Events'),
    panel('Outbox backlog (rows not yet published)', 'short', [[`max(cs_outbox_backlog_rows{${sel}})`, 'rows']]),
    panel('Oldest unpublished outbox row', 's', [[`max(cs_outbox_oldest_pending_age_seconds{${sel}})`, 'age']]),
    panel('Outbox publishes', 'ops', [
      [`sum(${rate('cs_outbox_published_total')})`, 'published'],
      [`sum(${rate('cs_outbox_publish_failures_total')})`, 'failed'],
    ]),
    // Each partition's durable is reported by the replica holding it (two for a moment at a handover):
    // max over replicas, then the partitions summed.
    panel('Consumer lag (messages not yet acknowledged)', 'short', [
      [`sum by (subject) (max by (subject, consumer) (cs_consumer_pending_messages{${sel}}))`, '{{subject}}'],
    ]),
    panel('Dead letters', 'short', [
      [`sum by (subject) (increase(cs_dead_letters_total{${sel}}[$__rate_interval]))`, '{{subject}}'],
    ]),
    panel('NATS connected', 'short', [[`min by (instance) (cs_nats_connected{${sel}})`, '{{instance}}']]),
    row('Runtime'),
    panel('Database pool connections', 'short', [
      [`sum by (pool, state) (cs_db_pool_connections{${sel}})`, '{{pool}} {{state}}'],
    ]),
    panel('Ready (as /readyz answers)', 'short', [[`min by (instance) (cs_ready{${sel}})`, '{{instance}}']]),
    panel('Event loop lag p99', 's', [
      [`max by (instance) (cs_nodejs_eventloop_lag_p99_seconds{${sel}})`, '{{instance}}'],
    ]),
    panel('Memory', 'bytes', [
      [`sum by (instance) (cs_process_resident_memory_bytes{${sel}})`, 'resident {{instance}}'],
      [`sum by (instance) (cs_nodejs_heap_size_used_bytes{${sel}})`, 'heap used {{instance}}'],
    ]),
    panel('CPU', 'percentunit', [[`sum by (instance) (${rate('cs_process_cpu_seconds_total')})`, '{{instance}}']]),
  ];
}

function row(title) {
  return { type: 'row', title, collapsed: false, panels: [] };
}

function panel(title, unit, queries) {
  return {
    type: 'timeseries',
    title,
    datasource,
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: queries.map(([expr, legendFormat], i) => ({
      refId: String.fromCharCode(65 + i),
      datasource,
      expr,
      legendFormat,
    })),
  };
}

/** Rows full width; panels three to a row. */
function layout(panels) {
  let y = 0;
  let column = 0;
  return panels.map((p, index) => {
    const id = index + 1;
    if (p.type === 'row') {
      if (column) y += 8;
      column = 0;
      return { ...p, id, gridPos: { h: 1, w: 24, x: 0, y: y++ } };
    }
    const placed = { ...p, id, gridPos: { h: 8, w: 8, x: column * 8, y } };
    column = (column + 1) % 3;
    if (!column) y += 8;
    return placed;
  });
}

export function renderDashboard(service) {
  const sel = `service="${service}", instance=~"$instance"`;
  return {
    uid: `cs-${service}`,
    title: `Customer service / ${service}`,
    description: `RED metrics, events and runtime of ${service}. Generated by scripts/codegen/dashboards.mjs.`,
    tags: ['customer-service', service],
    editable: true,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    timezone: 'browser',
    annotations: { list: [] },
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' },
        {
          name: 'instance',
          label: 'Instance',
          type: 'query',
          datasource,
          definition: `label_values(cs_process_start_time_seconds{service="${service}"}, instance)`,
          query: {
            query: `label_values(cs_process_start_time_seconds{service="${service}"}, instance)`,
            refId: 'instance',
          },
          includeAll: true,
          multi: true,
          allValue: '.*',
          current: { text: 'All', value: '$__all' },
          refresh: 2,
          sort: 1,
        },
      ],
    },
    panels: layout([...commonPanels(sel), ...(servicePanels[service]?.(sel) ?? [])]),
  };
}

/** The services with a dashboard: every folder under services/. */
export function dashboardServices(root) {
  return readdirSync(join(root, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'services', entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Formatted as `biome check` wants it, so linting the repository does not fight the generator. */
function formatted(root, path, value) {
  return execFileSync(join(root, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${path}`], {
    input: `${JSON.stringify(value, null, 2)}\n`,
    cwd: root,
  }).toString();
}

/** Writes the dashboards, or with `check` writes nothing and returns the paths that differ from the generated. */
export function syncDashboards(root, { check }) {
  const dir = join(root, 'deploy/monitoring/dashboards');
  mkdirSync(dir, { recursive: true });
  const stale = [];
  for (const service of dashboardServices(root)) {
    const relativePath = `deploy/monitoring/dashboards/${service}.json`;
    const text = formatted(root, relativePath, renderDashboard(service));
    const path = join(dir, `${service}.json`);
    if (!check) writeFileSync(path, text);
    else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(relativePath);
  }
  return stale;
}

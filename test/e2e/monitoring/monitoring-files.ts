import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

export const root = resolve(import.meta.dirname, '../../..');
export const rulesPath = join(root, 'deploy/monitoring/alerts.yaml');
export const dashboardsDir = join(root, 'deploy/monitoring/dashboards');

export interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

export function readRuleGroups(): RuleGroup[] {
  return (parseYaml(readFileSync(rulesPath, 'utf8')) as { groups: RuleGroup[] }).groups;
}

export interface DashboardQuery {
  dashboard: string;
  where: string;
  expr: string;
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query?: string | { query: string } }[] };
}

export function readDashboards(): Map<string, Dashboard> {
  return new Map(
    readdirSync(dashboardsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dashboardsDir, f), 'utf8')) as Dashboard]),
  );
}

/**
 * Every PromQL expression of a dashboard, with Grafana's variables replaced the way Grafana
 * replaces them before it sends the query (a `label_values(selector, label)` variable contributes
 * its selector).
 */
export function dashboardQueries(name: string, dashboard: Dashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  const visit = (panels: Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        queries.push({ dashboard: name, where: panel.title, expr: withGrafanaVariables(target.expr) });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'object' ? variable.query.query : variable.query;
    const selector = query?.match(/^label_values\((.*),\s*\w+\)$/)?.[1];
    if (selector) queries.push({ dashboard: name, where: `variable ${variable.name}`, expr: selector });
  }
  return queries;
}

function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)/g, '5m').replace(/\$\{?\w+\}?/g, '.*');
}

/** Where the stock PromQL grammar (Prometheus's own, from its web UI) finds errors; empty when it parses. */
export function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

/** The metric names an expression selects. */
export function selectedMetrics(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) names.push(expr.slice(identifier.from, identifier.to));
    },
  });
  return names;
}

/** The series names a Prometheus text exposition declares (histograms and summaries with their suffixes). */
export function exposedMetricNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    const suffixes =
      type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['_sum', '_count'] : [];
    for (const suffix of suffixes) names.add(`${name}${suffix}`);
  }
  return names;
}

/** The value of the sample `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const [, sampleName, labelText, value] of exposition.matchAll(/^(\w+)(?:\{(.*)\})? (\S+)$/gm)) {
    if (sampleName !== name) continue;
    const present = Object.fromEntries(
      [...(labelText ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(value);
  }
  return undefined;
}

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderMetrics } from '@cs/telemetry';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InquiryHarness, startInquiry } from '../../../services/inquiry/test/integration/inquiry-fixture.js';
import {
  dashboardQueries,
  exposedMetricNames,
  promqlErrors,
  readDashboards,
  readRuleGroups,
  root,
  rulesPath,
  sampleValue,
  selectedMetrics,
} from './monitoring-files.js';

const groups = readRuleGroups();
const rules = groups.flatMap((g) => g.rules);
const dashboards = readDashboards();
const queries = [...dashboards].flatMap(([name, dashboard]) => dashboardQueries(name, dashboard));
/** Series Prometheus makes itself rather than scraping them. */
const synthesized = new Set(['up']);

describe('alert rules (deploy/monitoring/alerts.yaml)', () => {
  it('have the shape of a Prometheus rule file: alerts with for, severity, summary, description and runbook', () => {
    expect(groups.length).toBeGreaterThan(0);
    expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    for (const group of groups) {
      expect(Object.keys(group).every((k) => ['name', 'interval', 'limit', 'rules'].includes(k))).toBe(true);
      for (const rule of group.rules) {
        expect(Object.keys(rule).every((k) => ['alert', 'expr', 'for', 'labels', 'annotations'].includes(k))).toBe(
          true,
        );
        expect(rule.alert, JSON.stringify(rule)).toMatch(/^Cs[A-Za-z]+$/);
        expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
        expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
        for (const key of ['summary', 'description', 'runbook']) {
          expect(rule.annotations?.[key], `${rule.alert} ${key}`).toEqual(expect.any(String));
        }
        expect(rule.annotations?.runbook, rule.alert).toMatch(/deploy\/README\.md#cs-/);
      }
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    // promtool is not an npm package; where Debian's prometheus package put it on PATH, it checks too.
    const promtool = spawnSync('promtool', ['check', 'rules', rulesPath], { encoding: 'utf8' });
    if (!promtool.error) expect(promtool.status, promtool.stdout + promtool.stderr).toBe(0);
  });

  it('parse as PromQL', () => {
    for (const rule of rules) expect(promqlErrors(rule.expr), `${rule.alert}: ${rule.expr}`).toEqual([]);
  });

  it('cover service down, readiness, outbox age, consumer lag, dead letters, SLA breaches and error ratio', () => {
    const used = new Set(rules.flatMap((r) => selectedMetrics(r.expr)));
    for (const metric of [
      'up',
      'cs_ready',
      'cs_outbox_oldest_pending_age_seconds',
      'cs_consumer_pending_messages',
      'cs_dead_letters_total',
      'cs_inquiry_sla_breaches_total',
      'cs_requests_total',
    ]) {
      expect(used, metric).toContain(metric);
    }
  });
});

describe('dashboards (deploy/monitoring/dashboards)', () => {
  it('one per service, each with RED, relay backlog, consumer lag, DB pool, event loop lag and memory', () => {
    const services = readdirSync(join(root, 'services')).sort();
    expect([...dashboards.keys()].sort()).toEqual(services);
    for (const [name, dashboard] of dashboards) {
      expect(dashboard.uid).toBe(`cs-${name}`);
      const used = new Set(dashboardQueries(name, dashboard).flatMap((q) => selectedMetrics(q.expr)));
      for (const metric of [
        'cs_requests_total',
        'cs_request_duration_seconds_bucket',
        'cs_outbox_backlog_rows',
        'cs_outbox_oldest_pending_age_seconds',
        'cs_consumer_pending_messages',
        'cs_db_pool_connections',
        'cs_nodejs_eventloop_lag_p99_seconds',
        'cs_process_resident_memory_bytes',
      ]) {
        expect(used, `${name}: ${metric}`).toContain(metric);
      }
    }
  });

  it('count the same codes as server errors as the error-ratio alert does', () => {
    const serverErrors = (expr: string) => expr.match(/code=~"([^"]+)"/)?.[1];
    const alerted = serverErrors(rules.find((r) => r.alert === 'CsHighServerErrorRatio')!.expr);
    expect(alerted).toContain('INTERNAL');
    const panels = queries.filter((q) => q.where.startsWith('Server-error ratio'));
    expect(panels).toHaveLength(dashboards.size);
    for (const panel of panels) expect(serverErrors(panel.expr), panel.dashboard).toBe(alerted);
  });

  it('parse as PromQL, and name a service-specific metric only on that service', () => {
    for (const { dashboard, where, expr } of queries) {
      expect(promqlErrors(expr), `${dashboard} / ${where}: ${expr}`).toEqual([]);
      for (const metric of selectedMetrics(expr)) {
        const owner = [...dashboards.keys()].find((service) => metric.startsWith(`cs_${service}_`));
        if (owner) expect(dashboard, metric).toBe(owner);
      }
    }
  });
});

describe('with inquiry running', () => {
  let h: InquiryHarness;
  const scrape = async () => (await fetch(`${h.sut.service.httpUrl}/metrics`)).text();

  beforeAll(async () => {
    // Round the clock, so a contact back-dated past its first-response target breaches at once.
    h = await startInquiry({ INQUIRY_SHIFTS: '00:00-24:00', INQUIRY_SCHEDULER_POLL_MS: '100' });
  });
  afterAll(() => h?.stop());

  it('counts and times every call by transport, method and code, refusals and handler errors included', async () => {
    const list = '/cs.inquiry.v1.ConversationsService/ListConversations';
    const get = '/cs.inquiry.v1.ConversationsService/GetConversation';
    expect((await h.http(list, {})).status).toBe(200);
    expect((await h.http(get, { conversationId: crypto.randomUUID() })).status).toBe(404);
    // No token: the gRPC guard refuses it before any interceptor runs.
    expect((await h.http(list, {}, null)).status).toBe(401);
    expect((await h.http('/no.such.Service/Method', {})).status).toBe(404);

    const text = await scrape();
    const count = (transport: string, method: string, code: string) =>
      sampleValue(text, 'cs_requests_total', { service: 'inquiry', transport, method, code });
    expect(count('http', list, '200')).toBe(1);
    expect(count('grpc', list, 'OK')).toBe(1);
    expect(count('http', get, '404')).toBe(1);
    expect(count('grpc', get, 'NOT_FOUND')).toBe(1);
    expect(count('http', list, '401')).toBe(1);
    expect(count('grpc', list, 'UNAUTHENTICATED')).toBe(1);
    // An unknown path keeps its route pattern: the label's values stay bounded.
    expect(count('http', '/:service/:method', '404')).toBe(1);
    expect(
      sampleValue(text, 'cs_request_duration_seconds_count', { transport: 'grpc', method: get }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, 'cs_request_duration_seconds_count', { transport: 'http', method: list })).toBe(2);
    // Probes and scrapes are left out.
    expect(text).not.toMatch(/cs_requests_total\{[^}]*method="\/(metrics|readyz|healthz)"/);
  });

  it('reports its database pools and its readiness', async () => {
    const text = await scrape();
    expect(sampleValue(text, 'cs_db_pool_connections', { pool: 'cs-orm', state: 'total' })).toBeGreaterThanOrEqual(1);
    for (const state of ['idle', 'waiting']) {
      expect(sampleValue(text, 'cs_db_pool_connections', { pool: 'cs-orm', state })).toEqual(expect.any(Number));
    }
    expect(sampleValue(text, 'cs_db_pool_connections', { pool: 'cs-outbox-relay', state: 'total' })).toEqual(
      expect.any(Number),
    );
    expect(sampleValue(text, 'cs_ready', { service: 'inquiry' })).toBe(1);
    expect(sampleValue(text, 'cs_readiness_check_ok', { check: 'database' })).toBe(1);
    expect(sampleValue(text, 'cs_readiness_check_ok', { check: 'migrations' })).toBe(1);
  });

  it('counts an SLA breach by kind', async () => {
    const breaches = async () =>
      sampleValue(await renderMetrics(), 'cs_inquiry_sla_breaches_total', { kind: 'first_response' }) ?? 0;
    const before = await breaches();
    const { conversation } = await h.ingest('有货吗', { sentAt: new Date(Date.now() - 4 * 60_000) });
    const id = conversation!.conversationId;
    await waitFor('breach event', () =>
      h.events.ofSubject('cs.inquiry.sla.breached').find((e) => e.data.conversationId === id),
    );
    expect(await breaches()).toBe(before + 1);
  });

  it('exposes every metric the alert rules and dashboards name', async () => {
    const exposed = exposedMetricNames(await scrape());
    const named = new Set([...rules.map((r) => r.expr), ...queries.map((q) => q.expr)].flatMap(selectedMetrics));
    const missing = [...named].filter((m) => !exposed.has(m) && !synthesized.has(m));
    expect(missing).toEqual([]);
  });
});

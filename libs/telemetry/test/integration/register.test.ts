import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';

// The child runs the built register.js (Node cannot run the TypeScript sources), so build first.
const libRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/traced-app.mjs', import.meta.url));
const databaseUrl = inject('postgresUrl') ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface SpanLine {
  type: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  service: string;
}

function runFixture(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', '@cs/telemetry/register', fixture], {
    cwd: libRoot,
    env: { ...process.env, SERVICE_NAME: 'traced-app', DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, stdout, stderr }));
  return { child, exited, output: () => stdout };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('@cs/telemetry/register', () => {
  beforeAll(() => {
    // Under the build lock the process tests take: an nx build restoring this dist from its cache
    // removes it for a moment, and the fixture would not find register.js.
    const tsc = fileURLToPath(new URL('../../../../node_modules/.bin/tsc', import.meta.url));
    if (existsSync('/usr/bin/flock')) execFileSync('/usr/bin/flock', ['/tmp/cs-build.lock', tsc, '-p', libRoot]);
    else execFileSync(tsc, ['-p', libRoot]);
  });

  it('traces HTTP, PostgreSQL and gRPC of an ES module app as one trace, with the ids in its logs', async () => {
    const { exited } = runFixture({ CS_TELEMETRY_TEST_EXPORT: 'stdout' });
    const result = await exited;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const lines = jsonLines(result.stdout);
    const spans = lines.filter((line) => line.type === 'cs.test.span') as unknown as SpanLine[];
    const scopes = new Set(spans.map((span) => span.scope));
    expect(scopes).toEqual(
      new Set([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-grpc',
      ]),
    );
    // Exactly one client and one server span: patching http twice nests a second client span.
    expect(
      spans
        .filter((span) => span.scope.endsWith('-http'))
        .map((span) => span.kind)
        .sort(),
    ).toEqual([1, 2]);
    const serverSpan = spans.find((span) => span.scope.endsWith('-http') && span.kind === 1);
    const clientSpan = spans.find((span) => span.scope.endsWith('-http') && span.kind === 2);
    expect(serverSpan?.parentSpanId).toBe(clientSpan?.spanId);
    expect(spans.find((span) => span.name.startsWith('pg.query'))).toBeDefined();
    expect(
      spans
        .filter((span) => span.scope.endsWith('-grpc'))
        .map((span) => span.kind)
        .sort(),
    ).toEqual([1, 2]);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([clientSpan?.traceId]));
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['traced-app']));

    const handled = lines.find((line) => line.msg === 'handled');
    expect(handled).toMatchObject({ service: 'traced-app', answer: 42, trace_id: clientSpan?.traceId });
    expect(handled?.span_id).toBe(serverSpan?.spanId);
  });

  it('makes no pg span at all under a caller whose trace is not sampled, and records them under one that is', async () => {
    const result = await runFixture({ FIXTURE_MODE: 'pg-under-remote-parents', CS_TELEMETRY_TEST_EXPORT: 'stdout' })
      .exited;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = jsonLines(result.stdout).find((line) => line.type === 'pg-spans');

    expect(report?.unsampled).toEqual({ answer: 42, pgSpans: [] });
    expect(report?.sampled).toEqual({ answer: 42, pgSpans: ['pg-pool.connect', 'pg.query:SELECT postgres'] });
    const recorded = jsonLines(result.stdout).filter((line) => line.type === 'cs.test.span') as unknown as SpanLine[];
    expect(recorded.filter((span) => span.scope.endsWith('-pg')).map((span) => span.traceId)).toEqual([
      '4bf92f3577b34da6a3ce929d0e0e4736',
      '4bf92f3577b34da6a3ce929d0e0e4736',
    ]);
  });

  async function withCollector(run: (endpoint: string, received: string[]) => Promise<void>) {
    const received: string[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('latin1');
      });
      request.on('end', () => {
        received.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      await run(`http://127.0.0.1:${(collector.address() as AddressInfo).port}`, received);
    } finally {
      collector.close();
    }
  }

  it('exports over OTLP/HTTP and flushes on SIGTERM, then still exits by the signal', async () => {
    await withCollector(async (endpoint, received) => {
      const { child, exited, output } = runFixture({
        FIXTURE_MODE: 'wait-for-signal',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
      await expect.poll(output, { timeout: 15_000 }).toContain('ready');
      expect(received).toEqual([]); // batched: nothing sent before the flush
      child.kill('SIGTERM');
      const result = await exited;

      expect(result.signal).toBe('SIGTERM');
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/^POST \/v1\/traces /);
      expect(received[0]).toContain('before-signal');
    });
  });

  it('leaves SIGTERM to an application that handles it, which flushes with shutdownTelemetry()', async () => {
    await withCollector(async (endpoint, received) => {
      const { child, exited, output } = runFixture({
        FIXTURE_MODE: 'wait-for-signal',
        FIXTURE_OWN_SHUTDOWN: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
      await expect.poll(output, { timeout: 15_000 }).toContain('ready');
      child.kill('SIGTERM');
      const result = await exited;

      expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
      const exported = received.join('\n');
      expect(exported).toContain('before-signal');
      expect(exported).toContain('during-shutdown');
    });
  });
});

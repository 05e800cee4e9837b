import { describe, expect, it } from 'vitest';
import { formatLine, makePrefix } from '../../scripts/infra/logs.mjs';
import { selectServices, serviceArgs, serviceEnv } from '../../scripts/infra/services.mjs';

describe('service output as start.mjs shows it', () => {
  const line = JSON.stringify({
    level: 50,
    time: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    msg: 'refund failed',
    err: { message: 'boom' },
  });

  it('passes JSON lines through unchanged when not on a terminal', () => {
    expect(formatLine(line, { pretty: false })).toBe(line);
  });

  it('shows JSON lines as time, level and message on a terminal', () => {
    expect(formatLine(line, { pretty: true, colour: false })).toBe('03:04:05.006 error refund failed (boom)');
    expect(formatLine('{"level":"warn","msg":"slow"}', { pretty: true })).toBe('warn  slow');
  });

  it('leaves lines that are not JSON alone', () => {
    expect(formatLine('plain text', { pretty: true })).toBe('plain text');
    expect(formatLine('{not json', { pretty: true })).toBe('{not json');
  });

  it('prefixes every line with the name padded to a fixed width, coloured only when asked', () => {
    expect(makePrefix('care', { width: 10 })).toBe('care       | ');
    const esc = String.fromCharCode(27);
    expect(makePrefix('care', { width: 10, colour: true })).toBe(`${esc}[36mcare      ${esc}[0m | `);
  });
});

describe('how start.mjs runs a service', () => {
  it('gives each service its own database on the chosen server, the bus, its ports and migrations on start', () => {
    const [orders] = selectServices(['orders']);
    if (!orders) throw new Error('orders is a service');
    const env = serviceEnv(orders, {
      baseEnv: { PATH: '/bin', LOG_LEVEL: 'debug' },
      postgresTarget: { host: '127.0.0.1', port: 55432, user: 'postgres' },
      natsUrl: 'nats://127.0.0.1:4223',
    });
    expect(env).toMatchObject({
      PATH: '/bin',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:55432/cs_orders',
      NATS_URL: 'nats://127.0.0.1:4223',
      HTTP_PORT: '3002',
      GRPC_PORT: '50052',
      MIGRATE_ON_START: 'true',
      LOG_LEVEL: 'debug',
    });
    expect(serviceArgs(orders)).toEqual([
      '--max-semi-space-size=8',
      '--v8-pool-size=1',
      '--enable-source-maps',
      '--import',
      '@cs/telemetry/register',
      'services/orders/dist/main.bundle.js',
    ]);
  });

  it('rejects an unknown service name, listing the known ones', () => {
    expect(() => selectServices(['billing'])).toThrow(
      /billing.*inquiry, orders, aftersales, complaints, care, knowledge/,
    );
  });
});

import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain, shutdownBudget, within } from '../src/graceful-shutdown.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server whose /slow answers after `slowMs`, behind the drain middleware. */
async function serve(drain: HttpDrain, slowMs = 300) {
  const server = createServer((req, res) =>
    drain.middleware(req, res, () => {
      const reply = () => res.end('done');
      if (req.url === '/slow') setTimeout(reply, slowMs);
      else reply();
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function get(agent: Agent, url: string) {
  return new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('HttpDrain', () => {
  it('under keep-alive load: finishes the request in flight with Connection: close, then the port is closed', async () => {
    const drain = new HttpDrain();
    const { server, url } = await serve(drain);
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    expect((await get(agent, `${url}/fast`)).connection).toBe('keep-alive');
    const inFlight = get(agent, `${url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const drained = drain.drain(server, 5_000);
    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: 'done' });
    expect(await drained).toBe('drained');
    await expect(get(agent, `${url}/fast`)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('once draining, answers 503 with Connection: close (retryable) to any request but the probes', async () => {
    const drain = new HttpDrain();
    const { server } = await serve(drain);
    await drain.drain(server, 1_000);
    const answer = (url: string) => {
      const headers: Record<string, string> = {};
      const res = {
        statusCode: 200,
        setHeader: (name: string, value: string) => {
          headers[name.toLowerCase()] = value;
        },
        end: () => {},
        once: () => {},
      };
      let passed = false;
      drain.middleware({ url } as never, res as never, () => {
        passed = true;
      });
      return { status: passed ? 'passed' : res.statusCode, connection: headers.connection };
    };
    expect(answer('/cs.orders.v1.OrdersService/RecordOrderPlaced')).toEqual({ status: 503, connection: 'close' });
    expect(answer('/readyz')).toEqual({ status: 'passed', connection: 'close' });
    expect(answer('/healthz?x=1')).toEqual({ status: 'passed', connection: 'close' });
  });

  it('cuts the connections still open at the bound', async () => {
    const drain = new HttpDrain();
    const { server, url } = await serve(drain, 10_000);
    const agent = new Agent({ keepAlive: true });
    const stuck = get(agent, `${url}/slow`).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    expect(await drain.drain(server, 300)).toBe('cut');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stuck).toBeInstanceOf(Error);
    agent.destroy();
  });
});

describe('shutdown budget', () => {
  it('leaves part of SHUTDOWN_GRACE_MS for closing connections after the bounded phases', () => {
    const budget = shutdownBudget(10_000);
    const phases = budget.httpMs + budget.grpcMs + budget.consumersMs + budget.relayMs + budget.natsMs;
    expect(phases).toBeLessThan(10_000);
    expect(Math.min(...Object.values(budget))).toBeGreaterThan(0);
  });

  it('within() gives up on work that takes longer than its bound', async () => {
    expect(await within(new Promise(() => {}), 50)).toBe('late');
    expect(await within(Promise.resolve(), 50)).toBe('done');
  });
});

// Continuing RecordOrderPlaced load for the PostgreSQL fault tests, over keep-alive HTTP (the Connect
// mirror) and gRPC, one request at a time per worker, recording what each request got.
import { randomUUID } from 'node:crypto';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, tokenFor } from '@cs/testing';
import type { ServiceError } from '@grpc/grpc-js';

/** ok: answered. refused: HTTP 503 / gRPC UNAVAILABLE. other: anything else, a refused connection included. */
export interface Outcome {
  id: string;
  via: 'http' | 'grpc';
  kind: 'ok' | 'refused' | 'other';
  what: string;
  at: number;
  tookMs: number;
}

export interface PgLoad {
  outcomes: Outcome[];
  ok(): Outcome[];
  stop(): Promise<void>;
}

const connector = { roles: ['service'], agentId: 'service:shop-platform' };
/** Far above the pool's acquire timeout: a request held rather than refused shows as a slow outcome. */
const REQUEST_TIMEOUT_MS = 15_000;

const order = (orderId: string) => ({
  orderId,
  customer: { customerId: 'buyer-pg', displayName: '李四' },
  items: [
    {
      sku: 'MUG-RED',
      title: '红色马克杯',
      quantity: 1,
      unitPrice: { amountMinor: 1999, currency: 'CNY' },
      attributes: {},
    },
  ],
  address: {
    recipientName: '李四',
    phone: '13800001111',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    street: '文三路1号',
    postalCode: '310000',
  },
  total: { amountMinor: 1999, currency: 'CNY' },
});

export async function startPgLoad(
  target: { httpUrl: string; grpcAddress: string },
  { httpWorkers = 3, grpcWorkers = 3 } = {},
): Promise<PgLoad> {
  const token = await tokenFor(connector);
  const grpc = createGrpcClient(OrdersServiceService, target.grpcAddress, {
    bearer: bearerFor(connector),
    defaultDeadlineMs: REQUEST_TIMEOUT_MS,
  });
  const tag = randomUUID().slice(0, 6);
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;

  const record = (id: string, via: Outcome['via'], started: number, kind: Outcome['kind'], what: string) =>
    outcomes.push({ id, via, kind, what, at: Date.now(), tookMs: Date.now() - started });

  const httpRequest = async (id: string) => {
    const response = await fetch(`${target.httpUrl}/cs.orders.v1.OrdersService/RecordOrderPlaced`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...order(id), placedAt: new Date().toISOString() }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const kind = response.ok ? 'ok' : response.status === 503 ? 'refused' : 'other';
    return { kind, what: `HTTP ${response.status} ${response.ok ? '' : text.slice(0, 200)}`.trim() } as const;
  };
  const grpcRequest = async (id: string) => {
    try {
      await grpc.recordOrderPlaced({ ...order(id), placedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 } });
      return { kind: 'ok', what: 'OK' } as const;
    } catch (error) {
      const { code, message } = error as ServiceError;
      return { kind: code === 14 ? 'refused' : 'other', what: `${code} ${message}` } as const;
    }
  };
  const worker = async (via: Outcome['via']) => {
    while (running) {
      const id = `${tag}-${String(n++).padStart(6, '0')}`;
      const started = Date.now();
      try {
        const { kind, what } = await (via === 'http' ? httpRequest(id) : grpcRequest(id));
        record(id, via, started, kind, what);
        if (kind !== 'ok') await new Promise((resolve) => setTimeout(resolve, 20));
      } catch (error) {
        record(id, via, started, 'other', `${(error as Error).message} ${String((error as Error).cause ?? '')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = [
    ...Array.from({ length: httpWorkers }, () => worker('http')),
    ...Array.from({ length: grpcWorkers }, () => worker('grpc')),
  ];
  let stopped: Promise<void> | undefined;
  return {
    outcomes,
    ok: () => outcomes.filter((o) => o.kind === 'ok'),
    stop: () => {
      running = false;
      stopped ??= Promise.all(workers).then(() => grpc.close());
      return stopped;
    },
  };
}

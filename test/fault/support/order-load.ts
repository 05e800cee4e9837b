// Continuing RecordOrderPlaced load against one orders process, over keep-alive HTTP and over gRPC,
// recording what each request got; and the order events on the stream, counted per order.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { prefixStream, prefixSubject, withoutPartition } from '@cs/bus';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, tokenFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** ok: 2xx/OK. refused: 503, UNAVAILABLE or a connection refused/closed before an answer. other: anything else. */
export type Outcome = { id: string; via: 'http' | 'grpc'; kind: 'ok' | 'refused' | 'other'; what: string; at: number };

const platform = { roles: ['service'], agentId: 'shop-platform' };
const REFUSED_ERRORS = /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|other side closed/i;

function orderRequest(id: string) {
  return {
    orderId: id,
    customer: { customerId: `buyer-${id}`, displayName: '李四' },
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
  };
}

function postJson(agent: Agent, url: string, path: string, body: unknown, token: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        timeout: 15_000,
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error('request timed out')));
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

export interface OrderLoad {
  outcomes: Outcome[];
  ok(): Outcome[];
  /** Lets every worker finish its current request and stop. */
  stop(): Promise<void>;
}

/** httpWorkers keep-alive HTTP clients and grpcWorkers gRPC clients, each one request at a time, until stop(). */
export async function startOrderLoad(
  target: { httpUrl: string; grpcAddress: string },
  { httpWorkers = 6, grpcWorkers = 4, tag = randomUUID().slice(0, 6) } = {},
): Promise<OrderLoad> {
  const token = await tokenFor(platform);
  const agent = new Agent({ keepAlive: true, maxSockets: httpWorkers });
  const grpc = createGrpcClient(OrdersServiceService, target.grpcAddress, {
    bearer: bearerFor(platform),
    defaultDeadlineMs: 15_000,
  });
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const nextId = () => `${tag}-${String(n++).padStart(6, '0')}`;
  const httpWorker = async () => {
    while (running) {
      const id = nextId();
      const placedAt = new Date().toISOString();
      try {
        const code = await postJson(
          agent,
          target.httpUrl,
          '/cs.orders.v1.OrdersService/RecordOrderPlaced',
          { ...orderRequest(id), placedAt },
          token,
        );
        const kind = code >= 200 && code < 300 ? 'ok' : code === 503 ? 'refused' : 'other';
        outcomes.push({ id, via: 'http', kind, what: `HTTP ${code}`, at: Date.now() });
      } catch (error) {
        const message = (error as Error).message;
        outcomes.push({
          id,
          via: 'http',
          kind: REFUSED_ERRORS.test(message) ? 'refused' : 'other',
          what: message,
          at: Date.now(),
        });
        if (running) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const grpcWorker = async () => {
    while (running) {
      const id = nextId();
      try {
        await grpc.recordOrderPlaced({
          ...orderRequest(id),
          placedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
        } as never);
        outcomes.push({ id, via: 'grpc', kind: 'ok', what: 'OK', at: Date.now() });
      } catch (error) {
        const code = (error as { code?: number }).code;
        const kind = code === status.UNAVAILABLE ? 'refused' : 'other';
        outcomes.push({ id, via: 'grpc', kind, what: `${code} ${(error as Error).message}`, at: Date.now() });
        if (running) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const workers = [
    ...Array.from({ length: httpWorkers }, httpWorker),
    ...Array.from({ length: grpcWorkers }, grpcWorker),
  ];
  return {
    outcomes,
    ok: () => outcomes.filter((o) => o.kind === 'ok'),
    stop: async () => {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      grpc.close();
    },
  };
}

/** How many cs.orders.order.placed events the stream holds per order id. */
export async function placedEventsPerOrder(natsUrl: string, subjectPrefix: string): Promise<Map<string, number>> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const stream = prefixStream(subjectPrefix, 'CS_ORDERS');
    const subject = prefixSubject(subjectPrefix, 'cs.orders.order.placed');
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    const consumer = await jetstream(nc).consumers.get(stream);
    const perOrder = new Map<string, number>();
    let read = 0;
    while (read < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 1000, expires: 2_000 });
      const before = read;
      for await (const message of batch) {
        read++;
        if (withoutPartition(message.subject) !== subject) continue;
        const orderId = message.json<{ order?: { orderId?: string } }>().order?.orderId ?? '?';
        perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
      }
      if (read === before)
        throw new Error(`read ${read} of ${info.state.messages} messages of ${stream}, then nothing`);
    }
    return perOrder;
  } finally {
    await nc.close();
  }
}

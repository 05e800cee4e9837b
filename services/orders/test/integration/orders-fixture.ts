import { randomUUID } from 'node:crypto';
import { BankTransfersServiceService } from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { DeskTasksServiceService } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { ConfirmationChannel, FulfilmentStage, type OrderItem } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { StockServiceService } from '@cs/contracts/cs/orders/v1/stock_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import {
  authAs,
  bearerFor,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { inject } from 'vitest';
import { ordersService } from '../../src/orders.service.js';

export const address = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '310000',
};
export const newAddress = { ...address, street: '文一路99号', phone: '13900002222' };
/** Who the harness's clients act as: the token's `agent_id` and `name`, signed into remarks. */
export const agent = { agentId: 'agent-7', name: '张三' };
/** Narrow callers, for tests about who may do what. */
export const clerk: TestCaller = { roles: ['order-desk-clerk'], agentId: 'c-3', name: '赵六' };
export const warehouseHand: TestCaller = { roles: ['warehouse-staff'], agentId: 'w-1', name: '仓库小王' };
export const printer: TestCaller = { roles: ['printing-desk-staff'], agentId: 'p-1', name: '打单小李' };
export const frontLine: TestCaller = { roles: ['front-line-agent'], agentId: 'f-2', name: '王五', team: 'front-line' };
export const supervisor: TestCaller = { roles: ['supervisor'], agentId: 's-1', name: '孙主管', team: 'front-line' };

/** Call settings that make one gRPC call as `caller`: `h.tasks.completeTask(request, await as(printer))`. */
export async function as(caller: TestCaller): Promise<{ metadata: Record<string, string> }> {
  return { metadata: await authAs(caller) };
}
/** The line every order of {@link OrdersHarness.orderAt} has unless told otherwise: 2 × 19.99 CNY. */
export const redMugs: OrderItem = {
  sku: 'MUG-RED',
  title: '红色马克杯',
  quantity: 2,
  unitPrice: { amountMinor: 1999, currency: 'CNY' },
  attributes: {},
};
/** Confirmed with the customer in the chat a moment ago. */
export const confirmation = () => ({
  confirmedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
  channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
});

export interface OrderOptions {
  customerId?: string;
  placedAt?: Date;
  items?: OrderItem[];
}

const stagesAfterPlacing = [
  FulfilmentStage.FULFILMENT_STAGE_PAID,
  FulfilmentStage.FULFILMENT_STAGE_PRINTED,
  FulfilmentStage.FULFILMENT_STAGE_PACKED,
  FulfilmentStage.FULFILMENT_STAGE_SHIPPED,
];

/**
 * As the shop's order system reports an order to the order desk: placed (by default two red mugs,
 * {@link redMugs}), then each fulfilment fact up to `stage`. Through any orders client, in or out of process.
 */
export async function placeOrderAt(
  grpc: PromiseClient<typeof OrdersServiceService>,
  stage: FulfilmentStage,
  options: OrderOptions = {},
): Promise<string> {
  const orderId = `TB${randomUUID().slice(0, 8)}`;
  const items = options.items ?? [redMugs];
  const at = { seconds: Math.floor((options.placedAt ?? new Date()).getTime() / 1000), nanos: 0 };
  await grpc.recordOrderPlaced({
    orderId,
    customer: { customerId: options.customerId ?? 'buyer-1', displayName: '李四' },
    items,
    address,
    total: { amountMinor: items.reduce((sum, i) => sum + i.quantity * i.unitPrice!.amountMinor, 0), currency: 'CNY' },
    placedAt: at,
  });
  for (const next of stagesAfterPlacing.slice(0, stagesAfterPlacing.indexOf(stage) + 1)) {
    await grpc.recordFulfilmentFact({ orderId, stage: next, occurredAt: at });
  }
  return orderId;
}

export interface OrdersHarness {
  sut: ServiceUnderTest;
  grpc: PromiseClient<typeof OrdersServiceService>;
  tasks: PromiseClient<typeof DeskTasksServiceService>;
  stock: PromiseClient<typeof StockServiceService>;
  transfers: PromiseClient<typeof BankTransfersServiceService>;
  events: EventRecorder;
  /** POST to the HTTP gateway; carries the harness caller's token unless `headers` brings its own `authorization`. */
  http(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Places an order (by default two red mugs, {@link redMugs}) and reports facts up to the given stage. */
  orderAt(stage: FulfilmentStage, options?: OrderOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startOrders(env: Record<string, string> = {}): Promise<OrdersHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(ordersService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  // The desk's clerk, who also stands in for the shop platform's connector (service role) in these
  // tests; tests about roles call with a narrower token (see `as`).
  const bearer = bearerFor({
    roles: ['order-desk-clerk', 'warehouse-staff', 'printing-desk-staff', 'service'],
    ...agent,
  });
  const grpc = createGrpcClient(OrdersServiceService, sut.service.grpcAddress, { bearer });
  const tasks = createGrpcClient(DeskTasksServiceService, sut.service.grpcAddress, { bearer });
  const stock = createGrpcClient(StockServiceService, sut.service.grpcAddress, { bearer });
  const transfers = createGrpcClient(BankTransfersServiceService, sut.service.grpcAddress, { bearer });
  return {
    sut,
    grpc,
    tasks,
    stock,
    transfers,
    events,
    async http(path, body, headers = {}) {
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await bearer()}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    orderAt: (stage, options) => placeOrderAt(grpc, stage, options),
    async close() {
      grpc.close();
      tasks.close();
      stock.close();
      transfers.close();
      await events.stop();
      await sut.close();
    },
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { AgentRole, AgentsServiceService, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, ConversationClass, MessageKind, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService, OrderChangeOutcome } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { bearerFor, EventRecorder, type TestCaller, waitFor } from '@cs/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { newAddress, placeOrderAt } from '../../../services/orders/test/integration/orders-fixture.js';
import { OtlpReceiver, OtlpSpanKind, type ReceivedSpan } from './support/otlp-receiver.js';
import { Cleanups, type ProcessPlatform, startProcessPlatform } from './support/platform-processes.js';
import { type ServiceName } from './support/service-process.js';

// testing.md flow 1 with the services as separate OS processes, started as production starts them
// (`node --enable-source-maps --import @cs/telemetry/register services/<name>/dist/main.bundle.js`, see
// scripts/infra/services.mjs), each on its own fresh database, all on one fresh subject prefix, and
// exporting their spans over OTLP/HTTP to a receiver in this test: everything goes over the network,
// so this also proves what the in-process suite cannot, that one request is one trace across processes.

const SERVICES: readonly ServiceName[] = ['orders', 'aftersales', 'inquiry'];
const deskAgent = { agentId: 'desk-1', name: '张三' };

// Every process trusts this test's issuer (testAuthEnv) and holds its own service account; every call
// here carries the token of whoever makes it: the shop platform's connector reports orders and
// delivers chats, the platform admin registers the agent, the desk agent asks for the change (inquiry
// relays it to orders on their behalf), an after-sales agent looks for the case.
const platform: TestCaller = { roles: ['service'], agentId: 'service:shop-platform' };
const admin: TestCaller = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };
const deskAgentCaller: TestCaller = { roles: ['front-line-agent'], ...deskAgent, team: 'order-change' };
const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' };

let processes: ProcessPlatform;
const cleanups = new Cleanups();
let receiver: OtlpReceiver;
let printingDesk: EventRecorder;
let clients: {
  orders: PromiseClient<typeof OrdersServiceService>;
  intake: PromiseClient<typeof ConversationsServiceService>;
  conversations: PromiseClient<typeof ConversationsServiceService>;
  admin: PromiseClient<typeof AgentsServiceService>;
  agents: PromiseClient<typeof AgentsServiceService>;
  aftersales: PromiseClient<typeof AftersalesServiceService>;
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  receiver = await OtlpReceiver.start();
  cleanups.push({ what: 'close the OTLP receiver', run: () => receiver.close() });
  processes = await startProcessPlatform(SERVICES, infrastructure, cleanups, (name, grpcAddressOf) => ({
    // No SERVICE_NAME, as scripts/start.mjs and compose run them: telemetry names each service
    // from its entry point. Spans are exported every 200 ms instead of every 5 s.
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    ...(name === 'inquiry' ? { ORDERS_GRPC_ADDRESS: grpcAddressOf('orders') } : {}),
  }));

  printingDesk = await EventRecorder.start(processes.natsUrl, processes.subjectPrefix);
  cleanups.push({ what: 'stop the event recorder', run: () => printingDesk.stop() });
  const inquiryAt = processes.grpcAddress('inquiry');
  clients = {
    orders: createGrpcClient(OrdersServiceService, processes.grpcAddress('orders'), { bearer: bearerFor(platform) }),
    intake: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(platform) }),
    conversations: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(deskAgentCaller) }),
    admin: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(admin) }),
    agents: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(deskAgentCaller) }),
    aftersales: createGrpcClient(AftersalesServiceService, processes.grpcAddress('aftersales'), {
      bearer: bearerFor(aftersalesAgent),
    }),
  };
  cleanups.push({
    what: 'close the gRPC clients',
    run: () => {
      for (const client of Object.values(clients)) client.close();
    },
  });

  await clients.admin.registerAgent({
    ...deskAgent,
    teams: ['order-change'],
    role: AgentRole.AGENT_ROLE_AGENT,
    capacity: 20,
  });
  await clients.agents.setPresence({ agentId: deskAgent.agentId, presence: Presence.PRESENCE_ONLINE });
}, 300_000);

afterAll(() => cleanups.runAll(), 60_000);

// A failing step shows what the processes said, not only what the test saw.
beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const service of processes?.running.values() ?? []) {
      console.error(`--- ${service.name} (pid ${service.pid}) output, last lines ---\n${service.tail()}`);
    }
  });
});

const inquiryRpc = 'grpc.cs.inquiry.v1.ConversationsService';
const ordersRpc = 'grpc.cs.orders.v1.OrdersService';

/** The spans of a trace that a service sent, of a kind and name. */
function spanIn(traceId: string, service: ServiceName, kind: number, name: string): ReceivedSpan[] {
  return receiver.trace(traceId).filter((span) => span.service === service && span.kind === kind && span.name === name);
}

/** The one such span; fails showing the whole trace as received. */
function onlySpan(traceId: string, service: ServiceName, kind: number, name: string): ReceivedSpan {
  const found = spanIn(traceId, service, kind, name);
  expect(found, `one ${name} span from ${service} in trace ${traceId}:\n${receiver.describe(traceId)}`).toHaveLength(1);
  return found[0]!;
}

function servicesIn(traceId: string): string[] {
  return [...new Set(receiver.trace(traceId).map((span) => span.service))].sort();
}

/** Waits until every expected span has been exported; fails naming those that never came. */
async function waitForSpans(expected: [traceId: string, ServiceName, kind: number, name: string][]): Promise<void> {
  const missing = () => expected.filter((args) => spanIn(...args).length === 0);
  try {
    await waitFor('the spans of both traces', () => missing().length === 0, { timeoutMs: 20_000, intervalMs: 100 });
  } catch (error) {
    const problems = receiver.problems.length ? `\nreceiver problems: ${receiver.problems.join('; ')}` : '';
    const services = [...new Set(receiver.spans.map((span) => span.service))].join(', ') || 'none';
    const traces = [...new Set(expected.map(([traceId]) => traceId))].map(
      (traceId) => `trace ${traceId}:\n${receiver.describe(traceId)}`,
    );
    throw new Error(
      `${(error as Error).message}; missing: ${missing()
        .map(([traceId, service, , name]) => `${service} ${name} in ${traceId}`)
        .join(
          ', ',
        )}; ${receiver.spans.length} spans received in all, from: ${services}${problems}\n${traces.join('\n')}`,
    );
  }
}

/** A W3C trace context of the test's own, as a caller with a tracer of its own would send it. */
function newTraceContext() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** The order as the shop's order system reports it to orders, up to `stage`. */
const orderAt = (stage: FulfilmentStage) => placeOrderAt(clients.orders, stage, { customerId: 'buyer-proc' });

/**
 * The customer writes in the shop's chat about the order; the front line classifies and assigns it;
 * the desk agent asks for the address change (with `traceparent` on that call when given).
 */
async function customerAsksToChangeAddress(orderId: string, traceparent?: string) {
  const { conversation } = await clients.intake.ingestMessage({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    channelMessageId: randomUUID(),
    customer: { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '李四' },
    body: '地址写错了，帮我改地址',
    attachments: [],
    order: { orderId },
    sentAt: undefined,
    priority: Priority.PRIORITY_UNSPECIFIED,
  });
  expect(conversation).toMatchObject({
    conversationClass: ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
    team: 'order-change',
    assignee: { agentId: deskAgent.agentId },
  });
  const result = await clients.conversations.requestAddressChange(
    {
      conversationId: conversation!.conversationId,
      orderId: '',
      newAddress,
      idempotencyKey: randomUUID(),
    },
    traceparent ? { metadata: { traceparent } } : {},
  );
  return { conversationId: conversation!.conversationId, result };
}

describe('services as processes: a customer asks in chat to change the address (testing.md flows 1 and 2)', () => {
  it('paid, not printed: changed with the standard remark, and the printing desk hears of it on the bus', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const { conversationId, result } = await customerAsksToChangeAddress(orderId);
    expect(result.outcome).toBe(OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED);

    const { order } = await clients.orders.getOrder({ orderId });
    expect(order?.address?.street).toBe('文一路99号');
    const remark = order!.remarks.at(-1)!;
    expect(result.summary).toContain(remark.text);
    // Across processes too, inquiry relays the agent's token and the agent signs the remark.
    expect(remark.author).toEqual(deskAgent);
    const { conversation } = await clients.conversations.getConversation({ conversationId });
    expect(conversation?.messages.at(-1)).toMatchObject({
      kind: MessageKind.MESSAGE_KIND_SYSTEM,
      body: result.summary,
    });

    const heard = await waitFor('the printing desk hears of the change', () =>
      printingDesk.ofSubject('cs.orders.order.address_changed').find((e) => e.data.orderId === orderId),
    );
    expect(heard.data).toMatchObject({ newAddress: { street: '文一路99号' }, remark: { text: remark.text } });
    expect(heard.headers).toMatchObject({ 'ce-type': 'cs.orders.order.address_changed', 'ce-source': '/cs/orders' });
  });

  it('shipped: orders hands it to after-sales over the bus, and after-sales opens an intercept case', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const { result } = await customerAsksToChangeAddress(orderId);
    expect(result.outcome).toBe(OrderChangeOutcome.ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES);
    const cases = await waitFor('after-sales opens a case', async () => {
      const { cases } = await clients.aftersales.listCases({
        customerId: '',
        orderId,
        kind: CaseKind.CASE_KIND_UNSPECIFIED,
        state: CaseState.CASE_STATE_UNSPECIFIED,
        overdueOnly: false,
        page: undefined,
      });
      return cases.length ? cases : undefined;
    });
    expect(cases.map((c) => c.kind)).toEqual([CaseKind.CASE_KIND_INTERCEPT]);
  });

  it('one trace: RequestAddressChange runs through inquiry and orders (gRPC), and on over NATS to the event and its consumer', async () => {
    // The test calls with a traceparent of its own, as a traced caller (the chat gateway) would.
    const paid = newTraceContext();
    const paidOrder = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    await customerAsksToChangeAddress(paidOrder, paid.traceparent);
    const shipped = newTraceContext();
    await customerAsksToChangeAddress(await orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED), shipped.traceparent);

    // Each process batches its spans (every 200 ms here), so wait until every span asserted below has come.
    const expected: [string, ServiceName, number, string][] = [
      [paid.traceId, 'inquiry', OtlpSpanKind.SERVER, `${inquiryRpc}/RequestAddressChange`],
      [paid.traceId, 'inquiry', OtlpSpanKind.CLIENT, `${ordersRpc}/ChangeAddress`],
      [paid.traceId, 'orders', OtlpSpanKind.SERVER, `${ordersRpc}/ChangeAddress`],
      [paid.traceId, 'orders', OtlpSpanKind.PRODUCER, 'publish cs.orders.order.address_changed'],
      [shipped.traceId, 'orders', OtlpSpanKind.SERVER, `${ordersRpc}/ChangeAddress`],
      [shipped.traceId, 'orders', OtlpSpanKind.PRODUCER, 'publish cs.orders.order.handed_to_aftersales'],
      [shipped.traceId, 'aftersales', OtlpSpanKind.CONSUMER, 'process cs.orders.order.handed_to_aftersales'],
      [shipped.traceId, 'aftersales', OtlpSpanKind.PRODUCER, 'publish cs.aftersales.case.opened'],
    ];
    await waitForSpans(expected);

    // Paid order: test → inquiry (server) → inquiry (client) → orders (server) → orders' outbox relay (producer).
    const inquiryServer = onlySpan(paid.traceId, 'inquiry', OtlpSpanKind.SERVER, `${inquiryRpc}/RequestAddressChange`);
    expect(inquiryServer.parentSpanId, 'inquiry continues the caller’s traceparent').toBe(paid.spanId);
    const inquiryClient = onlySpan(paid.traceId, 'inquiry', OtlpSpanKind.CLIENT, `${ordersRpc}/ChangeAddress`);
    expect(inquiryClient.parentSpanId).toBe(inquiryServer.spanId);
    const ordersServer = onlySpan(paid.traceId, 'orders', OtlpSpanKind.SERVER, `${ordersRpc}/ChangeAddress`);
    expect(ordersServer.parentSpanId, 'the gRPC hop between the processes keeps the trace').toBe(inquiryClient.spanId);
    const publish = onlySpan(paid.traceId, 'orders', OtlpSpanKind.PRODUCER, 'publish cs.orders.order.address_changed');
    expect(publish.parentSpanId, 'the relay continues the trace stored with the outbox row').toBe(ordersServer.spanId);
    // …and the event on the bus carries it to whoever consumes it.
    const event = printingDesk
      .ofSubject('cs.orders.order.address_changed')
      .find((recorded) => recorded.data.orderId === paidOrder);
    expect(event?.headers.traceparent).toBe(`00-${paid.traceId}-${publish.spanId}-01`);
    expect(publish.attributes['messaging.message.id']).toBe(event?.headers['ce-id']);
    expect(servicesIn(paid.traceId)).toEqual(expect.arrayContaining(['inquiry', 'orders']));

    // Shipped order: orders hands over on the bus, and after-sales' consumer (a third process) joins the trace.
    const shippedOrdersServer = onlySpan(shipped.traceId, 'orders', OtlpSpanKind.SERVER, `${ordersRpc}/ChangeAddress`);
    const handOver = onlySpan(
      shipped.traceId,
      'orders',
      OtlpSpanKind.PRODUCER,
      'publish cs.orders.order.handed_to_aftersales',
    );
    expect(handOver.parentSpanId).toBe(shippedOrdersServer.spanId);
    const consumer = onlySpan(
      shipped.traceId,
      'aftersales',
      OtlpSpanKind.CONSUMER,
      'process cs.orders.order.handed_to_aftersales',
    );
    expect(consumer.parentSpanId, 'the NATS hop between the processes keeps the trace').toBe(handOver.spanId);
    expect(consumer.attributes['messaging.message.id']).toBe(handOver.attributes['messaging.message.id']);
    const caseOpened = onlySpan(
      shipped.traceId,
      'aftersales',
      OtlpSpanKind.PRODUCER,
      'publish cs.aftersales.case.opened',
    );
    expect(caseOpened.parentSpanId, 'an event caused by an event stays in the trace').toBe(consumer.spanId);
    expect(servicesIn(shipped.traceId)).toEqual(expect.arrayContaining(['inquiry', 'orders', 'aftersales']));
  });

  it('every process drains and exits 0 on SIGTERM, within its grace (as Kubernetes stops a pod)', async () => {
    const stopped = await Promise.all(
      [...processes.running.values()].map(async (service) => ({ name: service.name, ...(await service.stop()) })),
    );
    for (const result of stopped) {
      expect(result, processes.running.get(result.name)!.tail()).toMatchObject({
        code: 0,
        signal: null,
        forced: false,
      });
    }
  });
});

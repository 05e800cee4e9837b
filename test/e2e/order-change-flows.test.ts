import { randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { AgentRole, AgentsServiceService, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService, OrderChangeOutcome } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Desk, type DeskTask, DeskTaskKind, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { createGrpcClient } from '@cs/grpc';
import {
  bearerFor,
  deleteTestStreams,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
  uniqueSubjectPrefix,
  waitFor,
} from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aftersalesService } from '../../services/aftersales/src/aftersales.service.js';
import { inquiryService } from '../../services/inquiry/src/inquiry.service.js';
import { newAddress, type OrdersHarness, startOrders } from '../../services/orders/test/integration/orders-fixture.js';

// testing.md flows 1 and 2: a customer's chat asks to change the address; the front line routes it
// to the order desk, whose fulfilment-stage table decides; the printing desk, the warehouse and
// after-sales see the outcome on the bus. Three services, each with its own database, one bus.

const deskAgent = { agentId: 'desk-1', name: '张三' };

// Everyone calls with their own token: the desk agent asks for the change (inquiry relays it to the
// order desk on their behalf), the channel connector delivers the chat, the platform admin registers
// the agent, and an after-sales agent looks for the case.
const deskAgentCaller: TestCaller = { roles: ['front-line-agent'], ...deskAgent, team: 'order-change' };
const connector: TestCaller = { roles: ['service'], agentId: 'service:im-connector' };
const admin: TestCaller = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };
const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' };

let orders: OrdersHarness;
let sharedPrefix: string;
const running: ServiceUnderTest[] = [];
let printingDesk: EventRecorder;
let clients: {
  intake: ReturnType<typeof createGrpcClient<typeof ConversationsServiceService>>;
  conversations: ReturnType<typeof createGrpcClient<typeof ConversationsServiceService>>;
  admin: ReturnType<typeof createGrpcClient<typeof AgentsServiceService>>;
  agents: ReturnType<typeof createGrpcClient<typeof AgentsServiceService>>;
  aftersales: ReturnType<typeof createGrpcClient<typeof AftersalesServiceService>>;
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  sharedPrefix = uniqueSubjectPrefix();
  const shared = { SUBJECT_PREFIX: sharedPrefix };
  orders = await startOrders(shared);
  const aftersales = await startServiceUnderTest(aftersalesService, infrastructure, shared);
  const inquiry = await startServiceUnderTest(inquiryService, infrastructure, {
    ...shared,
    ORDERS_GRPC_ADDRESS: orders.sut.service.grpcAddress,
  });
  running.push(inquiry, aftersales);
  printingDesk = await EventRecorder.start(infrastructure.natsUrl, shared.SUBJECT_PREFIX);
  const inquiryAt = inquiry.service.grpcAddress;
  clients = {
    intake: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(connector) }),
    conversations: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(deskAgentCaller) }),
    admin: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(admin) }),
    agents: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(deskAgentCaller) }),
    aftersales: createGrpcClient(AftersalesServiceService, aftersales.service.grpcAddress, {
      bearer: bearerFor(aftersalesAgent),
    }),
  };
  await clients.admin.registerAgent({
    ...deskAgent,
    teams: ['order-change'],
    role: AgentRole.AGENT_ROLE_AGENT,
    capacity: 20,
  });
  await clients.agents.setPresence({ agentId: deskAgent.agentId, presence: Presence.PRESENCE_ONLINE });
}, 120_000);

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.close();
  await printingDesk?.stop();
  for (const service of running) await service.close();
  await orders?.close();
  // The prefix is this file's, shared by the three: its streams go when they have stopped.
  if (sharedPrefix) await deleteTestStreams(inject('natsUrl'), sharedPrefix);
});

const orderAt = (stage: FulfilmentStage) => orders.orderAt(stage, { customerId: 'buyer-e2e' });

/** The customer writes in the shop's chat about the order; the front line routes it to the order desk's agent. */
async function customerAsksToChangeAddress(orderId: string) {
  const { conversation } = await clients.intake.ingestMessage({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    channelMessageId: randomUUID(),
    customer: { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '李四' },
    body: '地址写错了，帮我改地址到文一路99号',
    attachments: [],
    order: { orderId },
    sentAt: undefined,
    priority: 'PRIORITY_UNSPECIFIED' as never,
  });
  expect(conversation).toMatchObject({
    conversationClass: ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
    team: 'order-change',
    assignee: { agentId: deskAgent.agentId },
  });
  return clients.conversations.requestAddressChange({
    conversationId: conversation!.conversationId,
    orderId: '',
    newAddress,
    idempotencyKey: randomUUID(),
  });
}

describe('a customer asks in chat to change the address (testing.md flows 1 and 2)', () => {
  it('paid, not printed: changed with the standard remark, and the printing desk hears of it', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const result = await customerAsksToChangeAddress(orderId);
    expect(result.outcome).toBe(OrderChangeOutcome.ORDER_CHANGE_OUTCOME_CHANGED);

    const { order } = await orders.grpc.getOrder({ orderId });
    expect(order?.address?.street).toBe('文一路99号');
    const remark = order!.remarks.at(-1)!;
    expect(result.summary).toContain(remark.text);
    // inquiry called the order desk with its own identity on the agent's behalf: the agent signs.
    expect(remark.author).toEqual(deskAgent);
    expect(remark.text).toMatch(/---\d{4}\.\d{2}\.\d{2} 张三$/);
    expect(result.conversation?.messages.at(-1)?.body).toBe(result.summary);

    const heard = await waitFor('the printing desk hears of the change', () =>
      printingDesk.ofSubject('cs.orders.order.address_changed').find((e) => e.data.orderId === orderId),
    );
    expect(heard.data).toMatchObject({ newAddress: { street: '文一路99号' }, remark: { text: remark.text } });
  });

  it.each([
    [FulfilmentStage.FULFILMENT_STAGE_PRINTED, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS],
    [FulfilmentStage.FULFILMENT_STAGE_PACKED, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL],
  ])('%s: the warehouse hands back first, then the printing desk reprints', async (stage, retrieve) => {
    const orderId = await orderAt(stage);
    const result = await customerAsksToChangeAddress(orderId);
    expect(result.outcome).toBe(OrderChangeOutcome.ORDER_CHANGE_OUTCOME_WAREHOUSE_TASK);
    const tasks = await waitFor('the desks get their tasks', () => {
      const opened = printingDesk
        .ofSubject('cs.orders.task.opened')
        .map((e) => e.data.task as DeskTask | undefined)
        .filter((task) => task?.orderId === orderId);
      return opened.length === 2 ? opened : undefined;
    });
    const bySequence = (tasks as DeskTask[]).sort((a, b) => a.sequence - b.sequence);
    expect(bySequence.map((t) => [t.desk, t.kind])).toEqual([
      [Desk.DESK_WAREHOUSE, retrieve],
      [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_REPRINT],
    ]);
    expect(bySequence[1]!.newAddress?.street).toBe('文一路99号');
  });

  it('shipped: handed to after-sales, which opens an intercept case for the order', async () => {
    const orderId = await orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const result = await customerAsksToChangeAddress(orderId);
    expect(result.outcome).toBe(OrderChangeOutcome.ORDER_CHANGE_OUTCOME_HANDED_TO_AFTERSALES);
    expect(result.conversation?.messages.at(-1)?.body).toContain('已转交售后');
    const cases = await waitFor('after-sales opens a case', async () => {
      const { cases } = await clients.aftersales.listCases({
        customerId: '',
        orderId,
        kind: 'CASE_KIND_UNSPECIFIED' as never,
        state: 'CASE_STATE_UNSPECIFIED' as never,
        overdueOnly: false,
        page: undefined,
      });
      return cases.length ? cases : undefined;
    });
    expect(cases).toHaveLength(1);
    expect(cases[0]!.kind).toBe(CaseKind.CASE_KIND_INTERCEPT);
  });
});

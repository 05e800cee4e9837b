import { randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { PrivacyServiceService } from '@cs/contracts/cs/care/v1/privacy_service';
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import {
  bearerFor,
  deleteTestStreams,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
  uniqueSubjectPrefix,
  waitFor,
} from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aftersalesService } from '../../services/aftersales/src/aftersales.service.js';
import { careService } from '../../services/care/src/care.service.js';
import { inquiryService } from '../../services/inquiry/src/inquiry.service.js';
import { ordersService } from '../../services/orders/src/orders.service.js';

// PIPL erasure across the platform: one admin command in care, and every service that holds the
// customer's personal data anonymises it in its own database, keeping the business facts.

const connector: TestCaller = { roles: ['service'], agentId: 'service:platform-connector' };
const manager: TestCaller = { roles: ['manager'], agentId: 'mgr-1', name: '经理' };
const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' };
const admin: TestCaller = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };

const running: ServiceUnderTest[] = [];
let prefix: string;
let natsUrl: string;
let c: {
  ordersIntake: ReturnType<typeof createGrpcClient<typeof OrdersServiceService>>;
  ordersDesk: ReturnType<typeof createGrpcClient<typeof OrdersServiceService>>;
  chatIntake: ReturnType<typeof createGrpcClient<typeof ConversationsServiceService>>;
  conversations: ReturnType<typeof createGrpcClient<typeof ConversationsServiceService>>;
  aftersales: ReturnType<typeof createGrpcClient<typeof AftersalesServiceService>>;
  privacy: ReturnType<typeof createGrpcClient<typeof PrivacyServiceService>>;
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  natsUrl = infrastructure.natsUrl;
  prefix = uniqueSubjectPrefix();
  const shared = { SUBJECT_PREFIX: prefix };
  const [care, orders, inquiry, aftersales] = [
    await startServiceUnderTest(careService, infrastructure, shared),
    await startServiceUnderTest(ordersService, infrastructure, shared),
    await startServiceUnderTest(inquiryService, infrastructure, shared),
    await startServiceUnderTest(aftersalesService, infrastructure, shared),
  ];
  running.push(care!, orders!, inquiry!, aftersales!);
  c = {
    ordersIntake: createGrpcClient(OrdersServiceService, orders!.service.grpcAddress, { bearer: bearerFor(connector) }),
    ordersDesk: createGrpcClient(OrdersServiceService, orders!.service.grpcAddress, { bearer: bearerFor(manager) }),
    chatIntake: createGrpcClient(ConversationsServiceService, inquiry!.service.grpcAddress, {
      bearer: bearerFor(connector),
    }),
    conversations: createGrpcClient(ConversationsServiceService, inquiry!.service.grpcAddress, {
      bearer: bearerFor(manager),
    }),
    aftersales: createGrpcClient(AftersalesServiceService, aftersales!.service.grpcAddress, {
      bearer: bearerFor(aftersalesAgent),
    }),
    privacy: createGrpcClient(PrivacyServiceService, care!.service.grpcAddress, { bearer: bearerFor(admin) }),
  };
}, 120_000);

afterAll(async () => {
  for (const client of Object.values(c ?? {})) client.close();
  for (const sut of running) await sut.close();
  await deleteTestStreams(natsUrl, prefix);
});

const now = () => ({ seconds: Math.floor(Date.now() / 1000), nanos: 0 });

/** What one customer leaves on the platform: an order with an address, a chat, an after-sales case. */
async function customerEverywhere(name: string, phone: string) {
  const customer = { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: name };
  const address = {
    recipientName: name,
    phone,
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    street: '文三路1号',
    postalCode: '310000',
  };
  const orderId = `TB${randomUUID().slice(0, 8)}`;
  await c.ordersIntake.recordOrderPlaced({
    orderId,
    customer,
    items: [
      {
        sku: 'MUG-RED',
        title: '红色马克杯',
        quantity: 1,
        unitPrice: { amountMinor: 1999, currency: 'CNY' },
        attributes: {},
      },
    ],
    address,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: now(),
  });
  const { conversation } = await c.chatIntake.ingestMessage({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    channelMessageId: randomUUID(),
    customer,
    body: `我是${name}，电话${phone}，地址改成文一路99号`,
    attachments: [],
    order: { orderId },
    sentAt: now(),
    priority: 'PRIORITY_NORMAL' as never,
  });
  const opened = await c.aftersales.openCase({
    kind: CaseKind.CASE_KIND_INTERCEPT,
    customer,
    orderId,
    origin: undefined,
    reason: '客户申请拦截',
    qualityProblem: false,
    parcelProblem: 'PARCEL_PROBLEM_UNSPECIFIED' as never,
    items: [],
    wantedItem: undefined,
    requestedAmount: { amountMinor: 1999, currency: 'CNY' },
    extendReceiptDays: 0,
    redeliveryAddress: address,
    idempotencyKey: randomUUID(),
  });
  return { customer, orderId, conversationId: conversation!.conversationId, caseId: opened.case!.caseId };
}

/** The customer as each service now shows them to a manager / after-sales agent (who see personal data in clear). */
async function viewOf(seeded: Awaited<ReturnType<typeof customerEverywhere>>) {
  const { order } = await c.ordersDesk.getOrder({ orderId: seeded.orderId });
  const { conversation } = await c.conversations.getConversation({ conversationId: seeded.conversationId });
  const { case: afterSalesCase } = await c.aftersales.getCase({ caseId: seeded.caseId });
  return {
    orderName: order?.customer?.displayName,
    orderAddress: order?.address,
    orderTotal: order?.total?.amountMinor,
    conversationName: conversation?.customer?.displayName,
    customerWords: conversation?.messages.map((m) => m.body),
    caseName: afterSalesCase?.customer?.displayName,
    caseAddress: afterSalesCase?.redeliveryAddress,
    caseAmount: afterSalesCase?.requestedAmount?.amountMinor,
    caseKind: afterSalesCase?.kind,
  };
}

describe('a customer erased on request (PIPL) is anonymised in every service, the business facts kept', () => {
  it('orders, inquiry and after-sales forget 李四 and keep 周七; amounts, kinds and ids stay', async () => {
    const gone = await customerEverywhere('李四', '13800001111');
    const kept = await customerEverywhere('周七', '13900002222');
    const keptBefore = await viewOf(kept);
    expect(keptBefore.orderAddress?.phone).toBe('13900002222');

    await c.privacy.eraseCustomer({
      customerId: gone.customer.customerId,
      reason: 'ticket 88',
      idempotencyKey: randomUUID(),
    });

    const after = await waitFor('every service to anonymise 李四', async () => {
      const view = await viewOf(gone);
      const done = view.orderName !== '李四' && view.conversationName !== '李四' && view.caseName !== '李四';
      return done ? view : undefined;
    });
    expect(after.customerWords?.length).toBeGreaterThan(0);
    const everything = JSON.stringify(after);
    expect(everything).not.toContain('李四');
    expect(everything).not.toContain('13800001111');
    expect(everything).not.toContain('文三路1号');
    expect(everything).not.toContain('文一路99号');
    expect(after.orderTotal).toBe(1999);
    expect(after.caseAmount).toBe(1999);
    expect(after.caseKind).toBe(CaseKind.CASE_KIND_INTERCEPT);
    expect(after.orderAddress?.province).toBe('浙江省');
    expect(await viewOf(kept)).toEqual(keptBefore);
  });
});

import { randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind, CaseState, RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import { CustomersServiceService } from '@cs/contracts/cs/care/v1/customers_service';
import { LoyaltyServiceService } from '@cs/contracts/cs/care/v1/loyalty_service';
import { RevisitsServiceService } from '@cs/contracts/cs/care/v1/revisits_service';
import { SurveysServiceService } from '@cs/contracts/cs/care/v1/surveys_service';
import { Channel, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { DeskTasksServiceService } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { DeskTaskKind, DeskTaskStep, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { type CancelOrderResponse, OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { bearerFor, EventRecorder, type TestCaller, waitFor } from '@cs/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { confirmation, placeOrderAt } from '../../../services/orders/test/integration/orders-fixture.js';
import { Cleanups, type ProcessPlatform, startProcessPlatform } from './support/platform-processes.js';
import { type ServiceName } from './support/service-process.js';

// testing.md flow 3 (cancel after payment → refund case in after-sales → refund completed → revisit
// scheduled in care) and the CSAT survey after a closed conversation, with orders, after-sales,
// inquiry and care as separate OS processes on their own databases and one subject prefix.

const SERVICES: readonly ServiceName[] = ['orders', 'aftersales', 'inquiry', 'care'];
const platform: TestCaller = { roles: ['service'], agentId: 'service:shop-platform' };
const clerk: TestCaller = { roles: ['order-desk-clerk'], agentId: 'clerk-1', name: '钱七' };
const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' };
const manager: TestCaller = { roles: ['manager'], agentId: 'mgr-1', name: '经理' };
const careAgent: TestCaller = { roles: ['care-agent'], agentId: 'care-1', name: '关怀小赵' };
const warehouseHand: TestCaller = { roles: ['warehouse-staff'], agentId: 'w-1', name: '仓库小王' };

let processes: ProcessPlatform;
const cleanups = new Cleanups();
let bus: EventRecorder;
let clients: {
  orders: PromiseClient<typeof OrdersServiceService>;
  ordersDesk: PromiseClient<typeof OrdersServiceService>;
  warehouse: PromiseClient<typeof DeskTasksServiceService>;
  aftersales: PromiseClient<typeof AftersalesServiceService>;
  intake: PromiseClient<typeof ConversationsServiceService>;
  conversations: PromiseClient<typeof ConversationsServiceService>;
  customers: PromiseClient<typeof CustomersServiceService>;
  loyalty: PromiseClient<typeof LoyaltyServiceService>;
  revisits: PromiseClient<typeof RevisitsServiceService>;
  surveys: PromiseClient<typeof SurveysServiceService>;
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  processes = await startProcessPlatform(SERVICES, infrastructure, cleanups, (name, grpcAddressOf) =>
    name === 'inquiry' ? { ORDERS_GRPC_ADDRESS: grpcAddressOf('orders') } : {},
  );

  bus = await EventRecorder.start(processes.natsUrl, processes.subjectPrefix);
  cleanups.push({ what: 'stop the event recorder', run: () => bus.stop() });
  const at = (name: ServiceName) => processes.grpcAddress(name);
  clients = {
    orders: createGrpcClient(OrdersServiceService, at('orders'), { bearer: bearerFor(platform) }),
    ordersDesk: createGrpcClient(OrdersServiceService, at('orders'), { bearer: bearerFor(clerk) }),
    warehouse: createGrpcClient(DeskTasksServiceService, at('orders'), { bearer: bearerFor(warehouseHand) }),
    aftersales: createGrpcClient(AftersalesServiceService, at('aftersales'), { bearer: bearerFor(aftersalesAgent) }),
    intake: createGrpcClient(ConversationsServiceService, at('inquiry'), { bearer: bearerFor(platform) }),
    conversations: createGrpcClient(ConversationsServiceService, at('inquiry'), { bearer: bearerFor(manager) }),
    customers: createGrpcClient(CustomersServiceService, at('care'), { bearer: bearerFor(careAgent) }),
    loyalty: createGrpcClient(LoyaltyServiceService, at('care'), { bearer: bearerFor(careAgent) }),
    revisits: createGrpcClient(RevisitsServiceService, at('care'), { bearer: bearerFor(careAgent) }),
    surveys: createGrpcClient(SurveysServiceService, at('care'), { bearer: bearerFor(careAgent) }),
  };
  cleanups.push({
    what: 'close the gRPC clients',
    run: () => {
      for (const client of Object.values(clients)) client.close();
    },
  });
}, 300_000);

afterAll(() => cleanups.runAll(), 60_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const service of processes?.running.values() ?? []) {
      console.error(`--- ${service.name} (pid ${service.pid}) output, last lines ---\n${service.tail()}`);
    }
  });
});

const deadline = { timeoutMs: 30_000, intervalMs: 200 };

describe('flow 3: cancel after payment → refund case → refund completed → revisit scheduled in care', () => {
  it.each([
    ['paid, not printed', FulfilmentStage.FULFILMENT_STAGE_PAID],
    ['printed', FulfilmentStage.FULFILMENT_STAGE_PRINTED],
    ['packed', FulfilmentStage.FULFILMENT_STAGE_PACKED],
    ['shipped (after-sales intercepts the parcel)', FulfilmentStage.FULFILMENT_STAGE_SHIPPED],
  ])(
    '%s: the profile follows the order, the refund reverses the points, the closed case schedules the revisit',
    async (_label, stage) => {
      const customerId = `buyer-${randomUUID().slice(0, 8)}`;
      const orderId = await placeOrderAt(clients.orders, stage, { customerId });

      // Care projects the paid order: a first buyer with points earned.
      const paid = await waitFor(
        'care to see the paid order',
        async () => {
          const profile = await clients.customers.getCustomerProfile({ customerId }).catch(() => undefined);
          return profile?.profile?.paidOrders === 1 ? profile.profile : undefined;
        },
        deadline,
      );
      expect(paid.pointsBalance).toBeGreaterThan(0);

      // The customer cancels the paid order: orders asks after-sales for the refund (or, once shipped,
      // hands the order over and after-sales intercepts the parcel).
      const cancelled: { outcome: string; response?: CancelOrderResponse } = await clients.ordersDesk
        .cancelOrder({ orderId, confirmation: confirmation(), idempotencyKey: randomUUID() })
        .then(
          (response) => ({ outcome: 'cancelled', response }),
          (error: { code: number; details: string }) => ({ outcome: `refused ${error.code}: ${error.details}` }),
        );
      if (stage === FulfilmentStage.FULFILMENT_STAGE_SHIPPED)
        expect(cancelled.outcome).toMatch(/^refused 9: .*handed over to after-sales/);
      else expect(cancelled.outcome).toBe('cancelled');
      if (stage === FulfilmentStage.FULFILMENT_STAGE_PACKED) {
        // Packed: the parcel comes back and is restocked first; only then is the refund asked for.
        expect(cancelled.response?.refundOnRestock).toBe(true);
        const tasks = cancelled.response?.tasks ?? [];
        const retrieve = tasks.find((t) => t.kind !== DeskTaskKind.DESK_TASK_KIND_RESTOCK);
        const restock = tasks.find((t) => t.kind === DeskTaskKind.DESK_TASK_KIND_RESTOCK);
        if (!retrieve || !restock) throw new Error(`expected a retrieval and a restock task: ${JSON.stringify(tasks)}`);
        await clients.warehouse.completeTask({
          taskId: retrieve.taskId,
          step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED,
        });
        await clients.warehouse.completeTask({ taskId: restock.taskId, step: DeskTaskStep.DESK_TASK_STEP_RESTOCKED });
      }
      const refundCase = await waitFor(
        'the case in after-sales',
        async () =>
          (
            await clients.aftersales.listCases({
              customerId: '',
              orderId,
              kind: CaseKind.CASE_KIND_UNSPECIFIED,
              state: CaseState.CASE_STATE_UNSPECIFIED,
              overdueOnly: false,
              page: undefined,
            })
          ).cases[0],
        deadline,
      );
      const step = () => ({ caseId: refundCase.caseId, expectedVersion: undefined, idempotencyKey: randomUUID() });
      await clients.aftersales.approveCase({ ...step(), note: '' });
      if (refundCase.kind === CaseKind.CASE_KIND_INTERCEPT) {
        expect(stage).toBe(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
        const slip = `RS-${randomUUID().slice(0, 6)}`;
        await clients.aftersales.requestCourierRecall({
          ...step(),
          courier: '中通',
          trackingNumber: `ZT${randomUUID().slice(0, 6)}`,
          returnSlipNumber: slip,
          courierPartHandedOver: true,
          warehousePartKept: true,
        });
        await clients.aftersales.signInReturnedParcel({
          ...step(),
          signedBy: '仓库小刘',
          signedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
          returnSlipNumber: slip,
        });
      } else {
        expect(refundCase.kind).toBe(CaseKind.CASE_KIND_REFUND_ONLY);
      }
      await clients.aftersales.recordRefund({
        ...step(),
        amount: refundCase.requestedAmount ?? { amountMinor: 1, currency: 'CNY' },
        method: RefundMethod.REFUND_METHOD_ALIPAY,
        transactionReference: `ALI-${randomUUID().slice(0, 8)}`,
      });
      await clients.aftersales.completeCase({ ...step(), note: '已退款' });
      await clients.aftersales.closeCase(step());

      // Care: the revisit of the closed case is on the care agents' list, its CSAT survey is out.
      const revisit = await waitFor(
        'the revisit scheduled in care',
        async () =>
          (
            await clients.revisits.listRevisits({
              dueBy: undefined,
              includeUpcoming: true,
              customerId,
              page: undefined,
            })
          ).revisits.find((r) => r.sourceId === refundCase.caseId),
        deadline,
      );
      expect(revisit).toMatchObject({ reason: 'REVISIT_REASON_CASE_CLOSED', status: 'REVISIT_STATUS_OPEN' });
      const { surveys } = await clients.surveys.listCustomerSurveys({ customerId });
      expect(surveys.map((s) => [s.kind, s.subjectKind, s.subjectId])).toContainEqual([
        'SURVEY_KIND_CSAT',
        'case',
        refundCase.caseId,
      ]);
      // The cancellation (or the refund) took the order out of the purchases and reversed its points.
      const after = await waitFor(
        'the points reversed',
        async () => {
          const profile = (await clients.customers.getCustomerProfile({ customerId })).profile!;
          return profile.paidOrders === 0 ? profile : undefined;
        },
        deadline,
      );
      expect(after.pointsBalance).toBe(0);
      const ledger = (await clients.loyalty.listPointsLedger({ customerId, page: undefined })).movements;
      expect(ledger.map((m) => m.reason).sort()).toEqual(['earned', 'reversed']);
      const timeline = (await clients.customers.getCustomerTimeline({ customerId, page: undefined })).entries;
      expect(timeline.map((e) => e.kind)).toEqual(
        expect.arrayContaining([
          'TIMELINE_ENTRY_KIND_ORDER',
          'TIMELINE_ENTRY_KIND_CASE',
          'TIMELINE_ENTRY_KIND_REVISIT',
        ]),
      );
    },
  );
});

describe('a CSAT survey after a closed conversation', () => {
  it('inquiry closes the conversation; care sends one CSAT survey to the customer', async () => {
    const customerId = `buyer-${randomUUID().slice(0, 8)}`;
    const { conversation } = await clients.intake.ingestMessage({
      channel: Channel.CHANNEL_MARKETPLACE_IM,
      channelMessageId: randomUUID(),
      customer: { customerId, displayName: '王五' },
      body: '你好，请问这款杯子能用洗碗机吗？',
      attachments: [],
      order: undefined,
      sentAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
      priority: Priority.PRIORITY_NORMAL,
    });
    const conversationId = conversation!.conversationId;
    await clients.conversations.closeConversation({ conversationId, result: '已答复' });
    const survey = await waitFor(
      'the CSAT survey in care',
      async () => (await clients.surveys.listCustomerSurveys({ customerId })).surveys[0],
      deadline,
    );
    expect(survey).toMatchObject({ kind: 'SURVEY_KIND_CSAT', subjectKind: 'conversation', subjectId: conversationId });
    const sent = await waitFor(
      'cs.care.survey.sent on the bus',
      () =>
        bus
          .ofSubject('cs.care.survey.sent')
          .find((e) => (e.data.survey as { surveyId?: string })?.surveyId === survey.surveyId),
      deadline,
    );
    expect(sent.data.survey).toMatchObject({ customerId, kind: 'SURVEY_KIND_CSAT' });
  });
});

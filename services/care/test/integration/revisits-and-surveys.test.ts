import { randomUUID } from 'node:crypto';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { PrivacyServiceService } from '@cs/contracts/cs/care/v1/privacy_service';
import { NewProblemRoute, RevisitOutcome } from '@cs/contracts/cs/care/v1/revisits_service';
import { createGrpcClient, richErrorDetails } from '@cs/grpc';
import { authAs, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareDueWorkRunner } from '../../src/application/care-due-work.runner.js';
import { type CareHarness, careAgent, startCare, supervisor } from './care-fixture.js';
import { startAftersalesDeskStub, startComplaintsDeskStub } from './complaints-desk.stub.js';
import { caseClosed, conversationClosed, conversationOpened, newId, orderPlaced } from './events.js';

let h: CareHarness;
let desk: Awaited<ReturnType<typeof startComplaintsDeskStub>>;
let afterSales: Awaited<ReturnType<typeof startAftersalesDeskStub>>;
beforeAll(async () => {
  desk = await startComplaintsDeskStub();
  afterSales = await startAftersalesDeskStub();
  h = await startCare({ COMPLAINTS_GRPC_ADDRESS: desk.address, AFTERSALES_GRPC_ADDRESS: afterSales.address });
});
afterAll(async () => {
  await h?.close();
  await desk?.close();
  await afterSales?.close();
});

const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );
const hoursFromNow = (hours: number) => ({ seconds: Math.floor(Date.now() / 1000) + hours * 3600, nanos: 0 });

async function customerWithClosedCase() {
  const customerId = newId('buyer');
  const caseId = newId('case');
  await h.publishJson('cs.aftersales.case.closed', caseClosed(customerId, caseId, newId('TB')));
  const { revisits } = await h.revisits.listRevisits({
    dueBy: undefined,
    includeUpcoming: true,
    customerId,
    page: undefined,
  });
  return { customerId, caseId, revisit: revisits[0]! };
}

describe('revisits (回访): the task list, outcomes, and new problems raised in complaints', () => {
  it('the list shows due and overdue revisits first; upcoming ones only when asked', async () => {
    const customerId = newId('buyer');
    await h.publishJson('cs.orders.order.placed', orderPlaced(customerId, newId('TB'), 1_000));
    const schedule = (hours: number, note: string) =>
      h.revisits.scheduleRevisit({ customerId, dueAt: hoursFromNow(hours), note, idempotencyKey: randomUUID() });
    await schedule(48, '下周回访');
    await schedule(-2, '已逾期');
    const due = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: false,
      customerId,
      page: undefined,
    });
    expect(due.revisits.map((r) => [r.note, r.overdue])).toEqual([['已逾期', true]]);
    const all = await h.revisits.listRevisits({ dueBy: undefined, includeUpcoming: true, customerId, page: undefined });
    expect(all.revisits.map((r) => [r.note, r.overdue, r.reason])).toEqual([
      ['已逾期', true, 'REVISIT_REASON_MANUAL'],
      ['下周回访', false, 'REVISIT_REASON_MANUAL'],
    ]);
  });

  it('records a satisfied outcome once: the agent from the token, an event, and a second outcome refused', async () => {
    const { revisit } = await customerWithClosedCase();
    const { revisit: done } = await h.revisits.recordRevisitOutcome({
      revisitId: revisit.revisitId,
      outcome: RevisitOutcome.REVISIT_OUTCOME_SATISFIED,
      note: '客户满意',
      newProblem: undefined,
      idempotencyKey: randomUUID(),
    });
    expect(done).toMatchObject({ status: 'REVISIT_STATUS_DONE', completedBy: careAgent.agentId, note: '客户满意' });
    await waitFor('revisit completed event', () =>
      h.events
        .ofSubject('cs.care.revisit.completed')
        .find((e) => (e.data.revisit as { revisitId?: string } | undefined)?.revisitId === revisit.revisitId),
    );
    const again = await failure(
      h.revisits.recordRevisitOutcome({
        revisitId: revisit.revisitId,
        outcome: RevisitOutcome.REVISIT_OUTCOME_NO_ANSWER,
        note: '',
        newProblem: undefined,
        idempotencyKey: randomUUID(),
      }),
    );
    expect(again.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(again.metadata).reason).toBe('revisit-completed-once');
  });

  it('a new problem found on a revisit opens a complaint through complaints with care’s service token, once', async () => {
    const { customerId, revisit } = await customerWithClosedCase();
    const request = {
      revisitId: revisit.revisitId,
      outcome: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
      note: '又坏了',
      newProblem: {
        route: NewProblemRoute.NEW_PROBLEM_ROUTE_COMPLAINT,
        description: '换货后的杯子也有裂纹',
        orderId: 'TB1',
        caseKind: CaseKind.CASE_KIND_UNSPECIFIED,
      },
      idempotencyKey: randomUUID(),
    };
    const { revisit: done } = await h.revisits.recordRevisitOutcome(request);
    await h.revisits.recordRevisitOutcome(request);
    const asked = desk.received.filter((r) => r.request.customer?.customerId === customerId);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.request).toMatchObject({
      source: 'COMPLAINT_SOURCE_DIRECT',
      sourceReference: `revisit:${revisit.revisitId}`,
      description: '换货后的杯子也有裂纹',
      orderIds: ['TB1'],
    });
    expect(asked[0]!.authorization).toMatch(/^Bearer /);
    expect(done).toMatchObject({
      raisedKind: 'complaint',
      raisedId: `complaint-for-care-revisit-${revisit.revisitId}`,
    });
  });

  it('a new problem with an order opens an after-sales case instead, its origin naming the revisit', async () => {
    const { customerId, revisit } = await customerWithClosedCase();
    const { revisit: done } = await h.revisits.recordRevisitOutcome({
      revisitId: revisit.revisitId,
      outcome: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
      note: '',
      newProblem: {
        route: NewProblemRoute.NEW_PROBLEM_ROUTE_AFTERSALES_CASE,
        description: '杯子把手松了',
        orderId: 'TB2',
        caseKind: CaseKind.CASE_KIND_REPAIR,
      },
      idempotencyKey: randomUUID(),
    });
    const asked = afterSales.received.filter((r) => r.request.customer?.customerId === customerId);
    expect(asked.map((r) => r.request)).toMatchObject([
      {
        kind: 'CASE_KIND_REPAIR',
        orderId: 'TB2',
        reason: '杯子把手松了',
        origin: { source: 'ORIGIN_SOURCE_AGENT', reference: `revisit:${revisit.revisitId}` },
      },
    ]);
    expect(asked[0]!.authorization).toMatch(/^Bearer /);
    expect(done).toMatchObject({ raisedKind: 'case', raisedId: `case-for-care-revisit-${revisit.revisitId}` });
  });

  it('key customers (by tag) get a periodic revisit from the due-work scheduler, one per period', async () => {
    const customerId = newId('buyer');
    await h.publishJson('cs.orders.order.placed', orderPlaced(customerId, newId('TB'), 1_000));
    await h.customers.updateCustomerProfile({
      customerId,
      setTags: true,
      tags: ['key-customer'],
      setGroup: false,
      group: '',
      setEmail: false,
      email: '',
      addContactChannels: [],
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
    });
    const runner = h.sut.service.app.get(CareDueWorkRunner);
    await runner.scheduler.tick(new Date(Date.now() + 1000));
    await runner.scheduler.tick(new Date(Date.now() + 2000));
    const { revisits } = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: true,
      customerId,
      page: undefined,
    });
    expect(revisits.map((r) => r.reason)).toEqual(['REVISIT_REASON_KEY_CUSTOMER']);
  });
});

describe('surveys: CSAT answers, low scores, NPS rounds', () => {
  async function csatFor() {
    const customerId = newId('buyer');
    const conversationId = newId('conv');
    await h.publishJson('cs.inquiry.conversation.opened', conversationOpened(customerId, conversationId));
    await h.publishJson('cs.inquiry.conversation.closed', conversationClosed(conversationId));
    const { surveys } = await h.surveys.listCustomerSurveys({ customerId });
    return { customerId, survey: surveys[0]! };
  }

  it('a low CSAT score is published and opens a revisit; a second answer is refused', async () => {
    const { customerId, survey } = await csatFor();
    const gateway = h.as({ roles: ['service'], agentId: 'service:im-gateway' });
    const { survey: answered } = await gateway.surveys.recordSurveyAnswer({
      surveyId: survey.surveyId,
      score: 1,
      comment: '回复太慢',
      idempotencyKey: randomUUID(),
    });
    expect(answered).toMatchObject({ answered: true, score: 1, comment: '回复太慢' });
    const event = await waitFor('survey answered', () =>
      h.events
        .ofSubject('cs.care.survey.answered')
        .find((e) => (e.data.survey as { surveyId?: string } | undefined)?.surveyId === survey.surveyId),
    );
    expect(event.data.lowScore).toBe(true);
    const { revisits } = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: true,
      customerId,
      page: undefined,
    });
    expect(revisits.map((r) => [r.reason, r.sourceId])).toEqual([['REVISIT_REASON_LOW_SURVEY_SCORE', survey.surveyId]]);
    const again = await failure(
      gateway.surveys.recordSurveyAnswer({
        surveyId: survey.surveyId,
        score: 5,
        comment: '',
        idempotencyKey: randomUUID(),
      }),
    );
    expect(again.code).toBe(status.FAILED_PRECONDITION);
  });

  it('a good score opens no revisit', async () => {
    const { customerId, survey } = await csatFor();
    await h.surveys.recordSurveyAnswer({
      surveyId: survey.surveyId,
      score: 5,
      comment: '',
      idempotencyKey: randomUUID(),
    });
    const { revisits } = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: true,
      customerId,
      page: undefined,
    });
    expect(revisits).toEqual([]);
  });

  it('an NPS round asks a sample of buyers once per round', async () => {
    for (let i = 0; i < 3; i++)
      await h.publishJson(
        'cs.orders.order.placed',
        orderPlaced(newId('nps-buyer'), newId('TB'), 1_000, { paidAt: '2026-11-01T02:05:00Z' }),
      );
    const round = `r-${randomUUID().slice(0, 8)}`;
    const nps = h.as(supervisor).surveys;
    const first = await nps.startNpsRound({ round, sampleSize: 2, idempotencyKey: randomUUID() });
    const second = await nps.startNpsRound({ round, sampleSize: 10_000, idempotencyKey: randomUUID() });
    const [counted] = await h.sql<{ buyers: number }>(
      'select count(*)::int as buyers from customer_profiles where paid_orders > 0',
    );
    expect(first.sent).toBe(2);
    const buyers = counted!.buyers;
    expect(first.sent + second.sent).toBe(buyers);
    const [asked] = await h.sql<{ n: number }>(
      "select count(*)::int as n from surveys where kind = 'nps' and subject_id like ?",
      [`${round}:%`],
    );
    expect(asked!.n).toBe(buyers);
  });
});

describe('the periodic NPS round (due-work scheduler)', () => {
  it('asks every buyer once per round and schedules the next round CARE_NPS_EVERY_DAYS later', async () => {
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(newId('nps-buyer'), newId('TB'), 1_000, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    await h.sql("update nps_schedule set next_round_at = now() - interval '1 minute'");
    const runner = h.sut.service.app.get(CareDueWorkRunner);
    const now = new Date();
    await runner.scheduler.tick(now);
    await runner.scheduler.tick(new Date(now.getTime() + 1000));
    const round = `auto-${now.toISOString().slice(0, 10)}:%`;
    const perBuyer = await h.sql<{ customer_id: string; n: number }>(
      `select p.customer_id, count(s.survey_id)::int as n from customer_profiles p
       left join surveys s on s.customer_id = p.customer_id and s.kind = 'nps' and s.subject_id like ?
       where p.paid_orders > 0 and p.erased_at is null group by p.customer_id`,
      [round],
    );
    expect(perBuyer.length).toBeGreaterThan(0);
    expect(perBuyer.filter((row) => row.n !== 1)).toEqual([]);
    const [next] = await h.sql<{ days: number }>(
      'select round(extract(epoch from next_round_at - now()) / 86400)::int as days from nps_schedule',
    );
    expect(next).toEqual({ days: 30 });
  });
});

describe('erasure (PIPL) also forgets what care keeps', () => {
  it('names, phone, email, channels, notes, survey comments and revisit notes go; figures stay', async () => {
    const customerId = newId('buyer');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 10_000, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    await h.customers.addCustomerNote({ customerId, body: '住在西湖区', idempotencyKey: randomUUID() });
    const privacy = createGrpcClient(PrivacyServiceService, h.sut.service.grpcAddress);
    await privacy.eraseCustomer(
      { customerId, reason: 'ticket 1', idempotencyKey: randomUUID() },
      { metadata: await authAs({ roles: ['platform-admin'], agentId: 'admin-1' }) },
    );
    privacy.close();
    // A late event naming the customer must not bring the name or phone back.
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 10_000, { paidAt: '2026-11-02T02:05:00Z' }),
    );
    const { profile } = await h.customers.getCustomerProfile({ customerId });
    expect(profile).toMatchObject({ displayName: '', phone: '', email: '', contactChannels: [], paidOrders: 2 });
    expect(profile?.notes.map((n) => n.body)).toEqual(['[erased]']);
  });
});

import { randomUUID } from 'node:crypto';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind, CaseState, OriginSource } from '@cs/contracts/cs/aftersales/v1/case';
import {
  AgreementChannel,
  type Complaint,
  ComplaintNature,
  ComplaintSource,
  ComplaintStage,
  ExecutionStatus,
  RemedyKind,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { ComplaintsServiceService } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { ComplaintReportsServiceService } from '@cs/contracts/cs/complaints/v1/reports_service';
import { Channel, ConversationClass, MessageKind, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { bearerFor, EventRecorder, type TestCaller, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Cleanups, type ProcessPlatform, startProcessPlatform } from './support/platform-processes.js';
import { type ServiceName } from './support/service-process.js';

// testing.md flows 4 and 5 with inquiry, complaints and after-sales as separate OS processes, started
// as production starts them, each on its own fresh database, all on one fresh subject prefix: the
// complaint travels chat → inquiry → (bus) → complaints → (bus) → inquiry (the apology) and
// complaints → (bus) → after-sales → (bus) → complaints (the case it follows).

const SERVICES: readonly ServiceName[] = ['inquiry', 'complaints', 'aftersales'];
const SHOP_TIMEZONE = 'Asia/Shanghai';

// Every call carries the token of whoever makes it: the shop platform's connector delivers chats, the
// complaints handler works the file, the after-sales agent runs the case, the supervisor reads the
// score sheet.
const platform: TestCaller = { roles: ['service'], agentId: 'service:shop-platform' };
const handler = { agentId: 'cpl-1', name: '赵敏' };
const handlerCaller: TestCaller = { roles: ['complaints-handler'], ...handler };
const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], agentId: 'as-1', name: '售后小周' };
const supervisor: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '钱主管' };
const manager: TestCaller = { roles: ['manager'], agentId: 'mgr-1', name: '孙经理' };

let processes: ProcessPlatform;
const cleanups = new Cleanups();
let bus: EventRecorder;
let clients: {
  intake: PromiseClient<typeof ConversationsServiceService>;
  conversations: PromiseClient<typeof ConversationsServiceService>;
  complaints: PromiseClient<typeof ComplaintsServiceService>;
  reports: PromiseClient<typeof ComplaintReportsServiceService>;
  aftersales: PromiseClient<typeof AftersalesServiceService>;
};

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  processes = await startProcessPlatform(SERVICES, infrastructure, cleanups, () => ({ SHOP_TIMEZONE }));

  bus = await EventRecorder.start(processes.natsUrl, processes.subjectPrefix);
  cleanups.push({ what: 'stop the event recorder', run: () => bus.stop() });
  const inquiryAt = processes.grpcAddress('inquiry');
  const complaintsAt = processes.grpcAddress('complaints');
  clients = {
    intake: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(platform) }),
    conversations: createGrpcClient(ConversationsServiceService, inquiryAt, {
      bearer: bearerFor(manager),
    }),
    complaints: createGrpcClient(ComplaintsServiceService, complaintsAt, { bearer: bearerFor(handlerCaller) }),
    reports: createGrpcClient(ComplaintReportsServiceService, complaintsAt, { bearer: bearerFor(supervisor) }),
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

const key = () => ({ idempotencyKey: randomUUID() });
const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
/** A (tiny) PNG: the signature is what the evidence stores check. */
const photo = (description: string) => ({
  content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]),
  contentType: 'image/png',
  description,
});
const timestamp = (at: Date) => ({ seconds: Math.floor(at.getTime() / 1000), nanos: 0 });
const shopMonth = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: SHOP_TIMEZONE, year: 'numeric', month: '2-digit' })
    .format(at)
    .slice(0, 7);

async function complaint(complaintId: string): Promise<Complaint> {
  return (await clients.complaints.getComplaint({ complaintId })).complaint!;
}

/** Waits until the file reaches `stage` (the bus carries it there), failing with where it stands. */
async function complaintAt(complaintId: string, stage: ComplaintStage, what: string): Promise<Complaint> {
  let last: Complaint | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = await complaint(complaintId);
        return last.stage === stage ? last : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; the file is ${last?.stage}, execution ${JSON.stringify(last?.execution)}`,
    );
  }
}

describe('services as processes: a quality complaint raised in a chat, to the archive and the evaluation (testing.md flow 4)', () => {
  it('apology in the chat, facts and photos, verified, analysed, reissue chosen, after-sales reissue run and closed, confirmed, archived with a revisit due, evaluated', async () => {
    // 1. Intake: the customer complains in the shop's chat; the front line classifies it as a complaint.
    const customer = { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '李四' };
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const raisedAt = Date.now();
    const { conversation } = await clients.intake.ingestMessage({
      channel: Channel.CHANNEL_MARKETPLACE_IM,
      channelMessageId: randomUUID(),
      customer,
      body: '我要投诉！刚收到的马克杯有裂纹，质量太差了',
      attachments: [],
      order: { orderId },
      sentAt: undefined,
      priority: Priority.PRIORITY_UNSPECIFIED,
    });
    expect(conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_COMPLAINT);
    const conversationId = conversation!.conversationId;

    // complaints opens the file from inquiry's complaint_raised, once.
    const opened = await waitFor(
      'complaints opens the file from the conversation',
      async () => {
        const { complaints } = await clients.complaints.listComplaints({
          stage: ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED,
          handlerAgentId: '',
          customerId: customer.customerId,
          severity: Severity.SEVERITY_UNSPECIFIED,
          incidentId: '',
          overdueOnly: false,
          page: undefined,
        });
        return complaints.length ? complaints : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(opened).toHaveLength(1);
    const file = opened[0]!;
    expect(file).toMatchObject({
      source: ComplaintSource.COMPLAINT_SOURCE_CONVERSATION,
      conversationId,
      customer: { customerId: customer.customerId },
      stage: ComplaintStage.COMPLAINT_STAGE_VERIFYING,
    });
    expect(file.number).toMatch(/^TS-\d{8}-\d{4}$/);
    const complaintId = file.complaintId;

    // The apology reaches the customer's conversation, as a reply they see, naming the registration.
    const apology = await waitFor(
      'the apology in the conversation',
      async () => {
        const { conversation: now } = await clients.conversations.getConversation({ conversationId });
        return now?.messages.find(
          (m) => m.kind === MessageKind.MESSAGE_KIND_AGENT_REPLY && m.body.includes(file.number),
        );
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const apologySeconds = (Date.now() - raisedAt) / 1000;
    expect(apology.body).toContain('抱歉');
    expect(apology.author?.agentId, 'signed by the complaints desk, not an agent').toBe('service:complaints');
    expect(apologySeconds, 'the apology reaches the customer within seconds').toBeLessThan(10);
    const acknowledged = bus
      .ofSubject('cs.complaints.complaint.acknowledged')
      .filter((e) => (e.data as { complaintId?: string }).complaintId === complaintId);
    expect(acknowledged).toHaveLength(1);

    // 2. Listen and verify: the handler takes the file, records the facts and the customer's photos.
    const version = async () => (await complaint(complaintId)).version;
    const taken = await clients.complaints.assignComplaint({
      complaintId,
      handler: undefined,
      expectedVersion: await version(),
      ...key(),
    });
    expect(taken.complaint?.handler).toEqual(handler);
    const facts = {
      orderIds: [orderId],
      purchasedAt: timestamp(new Date(Date.now() - 5 * 86_400_000)),
      productModel: '陶瓷马克杯 350ml 红色',
      skus: ['MUG-RED'],
      whatHappened: '收到时杯身有一道裂纹，倒水会漏',
      waybillNo: '',
    };
    await clients.complaints.recordFacts({
      complaintId,
      facts,
      claimedNature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
      expectedVersion: await version(),
      ...key(),
    });
    const withPhotos = await clients.complaints.attachEvidence({
      complaintId,
      photos: [photo('杯身裂纹'), photo('漏水')],
      ...key(),
    });
    expect(withPhotos.complaint?.evidence).toHaveLength(2);
    const verified = await clients.complaints.completeVerification({
      complaintId,
      note: '照片清楚显示裂纹',
      expectedVersion: await version(),
      ...key(),
    });
    expect(verified.complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ANALYSING);

    // 3. Analyse: a product-quality defect, the shop's responsibility.
    const analysed = await clients.complaints.recordAnalysis({
      complaintId,
      nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
      severity: Severity.SEVERITY_ORDINARY,
      responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_SHOP,
      responsibleAgent: undefined,
      rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
      note: '批次质检漏检',
      expectedVersion: await version(),
      ...key(),
    });
    expect(analysed.complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);

    // 4. Propose: a reissue arriving in 3 days, or a 10 CNY partial refund; the customer chooses the reissue in chat.
    const proposed = await clients.complaints.proposeRemedies({
      complaintId,
      options: [
        { kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, amount: undefined, description: '补发一只新杯子，3天内到货' },
        { kind: RemedyKind.REMEDY_KIND_PARTIAL_REFUND, days: 0, amount: cny(1000), description: '部分退款10元' },
      ],
      expectedVersion: await version(),
      ...key(),
    });
    const round = proposed.complaint!.rounds.at(-1)!;
    const reissue = round.options.find((o) => o.kind === RemedyKind.REMEDY_KIND_REISSUE)!;
    const chosen = await clients.complaints.recordCustomerChoice({
      complaintId,
      optionId: reissue.optionId,
      refusedAll: false,
      answeredVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: timestamp(new Date()),
      customerWords: '好的，补发吧',
      expectedVersion: await version(),
      ...key(),
    });
    expect(chosen.complaint).toMatchObject({
      stage: ComplaintStage.COMPLAINT_STAGE_EXECUTING,
      execution: { status: ExecutionStatus.EXECUTION_STATUS_RUNNING, remedy: { kind: RemedyKind.REMEDY_KIND_REISSUE } },
    });

    // 5. Execute: after-sales opens the reissue case for the complaint (over the bus), once.
    const listCases = async () =>
      (
        await clients.aftersales.listCases({
          customerId: '',
          orderId,
          kind: CaseKind.CASE_KIND_UNSPECIFIED,
          state: CaseState.CASE_STATE_UNSPECIFIED,
          overdueOnly: false,
          page: undefined,
        })
      ).cases;
    const cases = await waitFor('after-sales opens the reissue case', async () => {
      const found = await listCases();
      return found.length ? found : undefined;
    });
    expect(cases).toHaveLength(1);
    const kase = cases[0]!;
    expect(kase).toMatchObject({
      kind: CaseKind.CASE_KIND_REISSUE,
      state: CaseState.CASE_STATE_REQUESTED,
      origin: { source: OriginSource.ORIGIN_SOURCE_COMPLAINT, reference: complaintId },
      customer: { customerId: customer.customerId },
      qualityProblem: true,
      items: [{ sku: 'MUG-RED' }],
    });
    // The complaint follows the case from its opening.
    await waitFor('the complaint names the case it follows', async () =>
      (await complaint(complaintId)).execution?.aftersalesCaseId === kase.caseId ? true : undefined,
    );
    // Until the case is done, the file cannot be confirmed (close the loop).
    const early = await clients.complaints
      .confirmResult({
        complaintId,
        confirmedVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
        customerWords: '',
        expectedVersion: await version(),
        ...key(),
      })
      .catch((error) => error);
    expect(early.code, 'confirming while the reissue runs is refused').toBe(status.FAILED_PRECONDITION);

    // The after-sales agent runs the case: the quality claim's photos are verified there too, approved, shipped, completed.
    const caseStep = { caseId: kase.caseId };
    await clients.aftersales.attachEvidence({ ...caseStep, photos: [photo('杯身裂纹（投诉附件）')], ...key() });
    await clients.aftersales.verifyEvidence({ ...caseStep, verified: true, note: '与投诉照片一致', ...key() });
    await clients.aftersales.approveCase({ ...caseStep, note: '投诉补发', ...key() });
    await clients.aftersales.shipToCustomer({ ...caseStep, courier: '顺丰', trackingNumber: 'SF100200300', ...key() });
    await clients.aftersales.completeCase({ ...caseStep, note: '客户已签收补发件', ...key() });

    // The complaint follows the case's events to confirmation.
    const confirming = await complaintAt(
      complaintId,
      ComplaintStage.COMPLAINT_STAGE_CONFIRMING,
      'the complaint follows the completed case',
    );
    expect(confirming.execution).toMatchObject({
      status: ExecutionStatus.EXECUTION_STATUS_DONE,
      aftersalesCaseId: kase.caseId,
    });
    const closed = await clients.aftersales.closeCase({ ...caseStep, ...key() });
    expect(closed.case?.state).toBe(CaseState.CASE_STATE_CLOSED);

    // 6. Confirm and archive.
    const archived = await clients.complaints.confirmResult({
      complaintId,
      confirmedVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      customerWords: '收到新杯子了，没问题',
      expectedVersion: await version(),
      ...key(),
    });
    expect(archived.complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ARCHIVED);
    expect(archived.complaint?.archivedAt).toBeDefined();
    expect(archived.complaint?.revisitDueAt).toBeDefined();
    const archivedEvent = await waitFor('ComplaintArchived on the bus, for care to schedule the revisit', () =>
      bus
        .ofSubject('cs.complaints.complaint.archived')
        .find((e) => (e.data as { complaintId?: string }).complaintId === complaintId),
    );
    const revisitDueAt = Date.parse((archivedEvent.data as { revisitDueAt: string }).revisitDueAt);
    const archivedAt = Date.parse((archivedEvent.data as { archivedAt: string }).archivedAt);
    expect(revisitDueAt, 'the revisit is due after archiving').toBeGreaterThan(archivedAt);
    expect(archivedEvent.data).toMatchObject({
      remedy: RemedyKind.REMEDY_KIND_REISSUE,
      customer: { customerId: customer.customerId },
    });

    // Archived is read-only, but for step 7.
    const late = await clients.complaints
      .recordFacts({
        complaintId,
        facts,
        claimedNature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
        expectedVersion: await version(),
        ...key(),
      })
      .catch((error) => error);
    expect(late.code, 'an archived file is read-only').toBe(status.FAILED_PRECONDITION);

    // 7. Revisit and evaluation: the customer's score is kept with the file.
    const evaluated = await clients.complaints.recordEvaluation({
      complaintId,
      score: 5,
      comment: '处理及时，态度很好',
      ...key(),
    });
    expect(evaluated.complaint?.evaluation).toMatchObject({ score: 5, comment: '处理及时，态度很好' });
    await waitFor('ComplaintEvaluated on the bus', () =>
      bus
        .ofSubject('cs.complaints.complaint.evaluated')
        .find((e) => (e.data as { complaintId?: string }).complaintId === complaintId),
    );
    // Every step is on the file, with who did it.
    const steps = (await complaint(complaintId)).steps.map((s) => s.action);
    expect(steps).toEqual(expect.arrayContaining(['opened', 'verified', 'analysed', 'chosen', 'archived']));

    // The front line's conversation got exactly one apology for this complaint.
    const { conversation: finalConversation } = await clients.conversations.getConversation({ conversationId });
    expect(finalConversation?.messages.filter((m) => m.body === apology.body)).toHaveLength(1);
  }, 90_000);
});

describe('services as processes: an agent’s attitude causes two complaints in one month (testing.md flow 5)', () => {
  it('the first costs the agent 20 CNY, the second 40 CNY, on the month’s score sheet', async () => {
    const rudeAgent = { agentId: `desk-${randomUUID().slice(0, 6)}`, name: '小李' };
    const month = shopMonth(new Date());
    const attitudeComplaint = async (what: string) => {
      const { complaint: file } = await clients.complaints.openComplaint({
        source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
        sourceReference: '',
        customer: { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '王五' },
        conversationId: '',
        orderIds: [],
        skus: [],
        description: what,
        remedySought: '道歉',
        claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
        severity: Severity.SEVERITY_ORDINARY,
        externalDeadline: undefined,
        ...key(),
      });
      const complaintId = file!.complaintId;
      const version = async () => (await complaint(complaintId)).version;
      await clients.complaints.recordFacts({
        complaintId,
        facts: {
          orderIds: [],
          purchasedAt: undefined,
          productModel: '',
          skus: [],
          whatHappened: what,
          waybillNo: '',
        },
        claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
        expectedVersion: await version(),
        ...key(),
      });
      await clients.complaints.completeVerification({
        complaintId,
        note: '聊天记录核实',
        expectedVersion: await version(),
        ...key(),
      });
      const analysed = await clients.complaints.recordAnalysis({
        complaintId,
        nature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
        severity: Severity.SEVERITY_ORDINARY,
        responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_AGENT,
        responsibleAgent: rudeAgent,
        rootCause: { type: 'service', category: 'attitude', subcategory: 'rude' },
        note: '客服用语不当',
        expectedVersion: await version(),
        ...key(),
      });
      expect(analysed.complaint?.analysis?.responsibleAgent).toEqual(rudeAgent);
      return complaintId;
    };

    const first = await attitudeComplaint('客服说“爱买不买”');
    const second = await attitudeComplaint('客服不耐烦，直接挂断');

    const sheet = await clients.reports.getScoreSheet({ month });
    const line = sheet.lines.find((l) => l.agent?.agentId === rudeAgent.agentId);
    expect(line, `a score-sheet line for ${rudeAgent.agentId} in ${month}`).toBeDefined();
    expect(line!.complaintsCaused).toBe(2);
    expect(line!.penalties.map((p) => [p.complaintId, p.sequence, p.amount?.amountMinor])).toEqual([
      [first, 1, 2000],
      [second, 2, 4000],
    ]);
    expect(line!.penaltyTotal).toEqual(cny(6000));

    const imposed = await waitFor('both PenaltyImposed on the bus', () => {
      const events = bus
        .ofSubject('cs.complaints.penalty.imposed')
        .filter((e) => (e.data as { agent?: { agentId?: string } }).agent?.agentId === rudeAgent.agentId);
      return events.length >= 2 ? events : undefined;
    });
    expect(
      imposed.map((e) => (e.data as { amount?: { amountMinor?: unknown } }).amount?.amountMinor).map(Number),
    ).toEqual([2000, 4000]);
  }, 90_000);
});

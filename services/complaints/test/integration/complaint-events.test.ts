import { randomUUID } from 'node:crypto';
import {
  type AftersalesCase,
  CaseKind,
  CaseOutcome,
  CaseState,
  OriginSource,
  ParcelProblem,
} from '@cs/contracts/cs/aftersales/v1/case';
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
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComplaintsHarness, customer, listRequest, startComplaints } from './complaints-fixture.js';

let h: ComplaintsHarness;
beforeAll(async () => {
  h = await startComplaints();
});
afterAll(() => h?.close());

const key = () => randomUUID();

function complaintRaised(conversationId: string) {
  return {
    conversationId,
    customer,
    order: { orderId: 'TB2001' },
    channel: Channel.CHANNEL_UNSPECIFIED,
    description: '客服态度很差，还发错了货',
    agent: { agentId: 'agent-7', name: '张三' },
    conversationVersion: 3,
  };
}

async function filesOfConversation(conversationId: string) {
  return h.sql<{ complaint_id: string; source: string; conversation_id: string }>(
    'select complaint_id, source, conversation_id from complaint where conversation_id = ?',
    [conversationId],
  );
}

describe('complaint_raised from a conversation (step 1 intake)', () => {
  it('opens one file per source event, with the apology written in the same transaction', async () => {
    const conversationId = `conv-${randomUUID()}`;
    const eventId = randomUUID();
    await h.publish('cs.inquiry.conversation.complaint_raised', complaintRaised(conversationId), {
      eventId,
      aggregateId: conversationId,
    });
    // The same event again (a redelivery past the bus' duplicate window): still one file.
    await h.publish('cs.inquiry.conversation.complaint_raised', complaintRaised(conversationId), {
      eventId,
      msgId: randomUUID(),
      aggregateId: conversationId,
    });
    const files = await filesOfConversation(conversationId);
    expect(files).toEqual([
      { complaint_id: expect.any(String), source: 'COMPLAINT_SOURCE_CONVERSATION', conversation_id: conversationId },
    ]);
    const complaintId = files[0]!.complaint_id;
    const outbox = await h.sql<{ subject: string; aggregate_version: string }>(
      'select subject, aggregate_version from cs_outbox where aggregate_id = ? order by subject',
      [complaintId],
    );
    expect(outbox.map((o) => o.subject)).toEqual([
      'cs.complaints.complaint.acknowledged',
      'cs.complaints.complaint.opened',
    ]);
    const ack = await waitFor('the apology on the bus', () =>
      h.events.ofSubject('cs.complaints.complaint.acknowledged').find((e) => e.data.complaintId === complaintId),
    );
    expect(ack.data).toMatchObject({ conversationId, customer: { customerId: customer.customerId } });
    expect(String(ack.data.text)).toContain('抱歉');
    const { complaint } = await h.complaints.getComplaint({ complaintId });
    expect(complaint?.facts?.orderIds).toEqual(['TB2001']);
    expect(complaint?.steps[0]).toMatchObject({ action: 'opened', actor: { agentId: 'agent-7' } });
  });

  it('another complaint raised later in the same conversation opens a second file', async () => {
    const conversationId = `conv-${randomUUID()}`;
    await h.publish('cs.inquiry.conversation.complaint_raised', complaintRaised(conversationId), {
      aggregateId: conversationId,
    });
    await h.publish('cs.inquiry.conversation.complaint_raised', complaintRaised(conversationId), {
      aggregateId: conversationId,
    });
    expect(await filesOfConversation(conversationId)).toHaveLength(2);
  });
});

/** A file in execution of a chosen after-sales remedy. */
async function executing(kind: RemedyKind): Promise<Complaint> {
  const opened = await h.open({ claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE });
  const id = opened.complaintId;
  await h.complaints.completeVerification({ complaintId: id, note: '', expectedVersion: 0, idempotencyKey: key() });
  await h.complaints.recordAnalysis({
    complaintId: id,
    nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
    severity: Severity.SEVERITY_ORDINARY,
    responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_SHOP,
    responsibleAgent: undefined,
    rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
    note: '',
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  await h.complaints.proposeRemedies({
    complaintId: id,
    options: [{ kind, days: 3, amount: undefined, description: '' }],
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  const { complaint } = await h.complaints.recordCustomerChoice({
    complaintId: id,
    optionId: 'r1-o1',
    refusedAll: false,
    answeredVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
    answeredAt: { seconds: Math.floor(Date.now() / 1000) - 5, nanos: 0 },
    customerWords: '好',
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  return complaint!;
}

function aftersalesCase(
  complaintId: string,
  caseId: string,
  state: CaseState,
  source = OriginSource.ORIGIN_SOURCE_COMPLAINT,
): AftersalesCase {
  return {
    caseId,
    kind: CaseKind.CASE_KIND_REISSUE,
    state,
    customer,
    orderId: 'TB1001',
    origin: { source, reference: complaintId },
    reason: '投诉补发',
    qualityProblem: true,
    parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
    items: [],
    evidence: [],
    rejectionReason: state === CaseState.CASE_STATE_REJECTED ? '超出售后期' : '',
    extendReceiptDays: 0,
    outcome: CaseOutcome.CASE_OUTCOME_UNSPECIFIED,
    history: [],
    overdue: false,
    version: 2,
  };
}

const stageOf = async (complaintId: string) => (await h.complaints.getComplaint({ complaintId })).complaint!;

describe('execution follows the after-sales case (cs.aftersales.case.*)', () => {
  it('opened → the case is on the file; completed → the customer is asked to confirm', async () => {
    const c = await executing(RemedyKind.REMEDY_KIND_REISSUE);
    const caseId = randomUUID();
    await h.publish(
      'cs.aftersales.case.opened',
      { case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_REQUESTED), caseVersion: 1 },
      { aggregateId: caseId },
    );
    const following = await stageOf(c.complaintId);
    expect(following.execution).toMatchObject({
      aftersalesCaseId: caseId,
      aftersalesCaseState: 'CASE_STATE_REQUESTED',
    });
    expect(following.stage).toBe(ComplaintStage.COMPLAINT_STAGE_EXECUTING);
    await h.publish(
      'cs.aftersales.case.replacement_shipped',
      { case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_SHIPPED_TO_CUSTOMER), caseVersion: 3 },
      { aggregateId: caseId },
    );
    expect((await stageOf(c.complaintId)).execution?.aftersalesCaseState).toBe('CASE_STATE_SHIPPED_TO_CUSTOMER');
    await h.publish(
      'cs.aftersales.case.completed',
      { case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_COMPLETED), caseVersion: 4 },
      { aggregateId: caseId },
    );
    const done = await stageOf(c.complaintId);
    expect(done.stage).toBe(ComplaintStage.COMPLAINT_STAGE_CONFIRMING);
    expect(done.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_DONE);
    expect(done.steps.map((s) => s.action).slice(-4)).toEqual([
      'execution-started',
      'case-opened',
      'case-progressed',
      'execution-done',
    ]);
    // Closing the completed case afterwards changes nothing more.
    await h.publish(
      'cs.aftersales.case.closed',
      {
        caseId,
        kind: CaseKind.CASE_KIND_REISSUE,
        outcome: CaseOutcome.CASE_OUTCOME_REPLACED,
        customer,
        orderId: 'TB1001',
        origin: { source: OriginSource.ORIGIN_SOURCE_COMPLAINT, reference: c.complaintId },
        case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_CLOSED),
        caseVersion: 5,
      },
      { aggregateId: caseId },
    );
    expect((await stageOf(c.complaintId)).version).toBe(done.version);
  });

  it('rejected → execution failed, the file goes back to proposing for a new round', async () => {
    const c = await executing(RemedyKind.REMEDY_KIND_RETURN_AND_REFUND);
    const caseId = randomUUID();
    await h.publish(
      'cs.aftersales.case.rejected',
      {
        case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_REJECTED),
        reason: '超出售后期',
        caseVersion: 2,
      },
      { aggregateId: caseId },
    );
    const failed = await stageOf(c.complaintId);
    expect(failed.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
    expect(failed.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_FAILED);
    expect(failed.steps.at(-1)).toMatchObject({ action: 'execution-failed', note: '超出售后期' });
  });

  it('cases of other origins leave complaint files alone', async () => {
    const c = await executing(RemedyKind.REMEDY_KIND_REISSUE);
    const caseId = randomUUID();
    await h.publish(
      'cs.aftersales.case.completed',
      {
        case: aftersalesCase(c.complaintId, caseId, CaseState.CASE_STATE_COMPLETED, OriginSource.ORIGIN_SOURCE_AGENT),
        caseVersion: 4,
      },
      { aggregateId: caseId },
    );
    const untouched = await stageOf(c.complaintId);
    expect(untouched.stage).toBe(ComplaintStage.COMPLAINT_STAGE_EXECUTING);
    expect(untouched.version).toBe(c.version);
  });

  it('lists the files in execution', async () => {
    const listed = await h.complaints.listComplaints(listRequest({ stage: ComplaintStage.COMPLAINT_STAGE_EXECUTING }));
    expect(listed.complaints.every((x) => x.stage === ComplaintStage.COMPLAINT_STAGE_EXECUTING)).toBe(true);
    expect(listed.complaints.some((x) => x.source === ComplaintSource.COMPLAINT_SOURCE_DIRECT)).toBe(true);
  });
});

describe("a customer's erasure (cs.care.customer.erasure_requested)", () => {
  it("anonymises the customer's files, steps and photos; the business facts stay", async () => {
    const forgotten = { customerId: `erase-${randomUUID()}`, displayName: '要被遗忘的人' };
    const opened = await h.open({ customer: forgotten, description: '我家住在某某路1号，杯子碎了' });
    await h.complaints.attachEvidence({
      complaintId: opened.complaintId,
      photos: [{ contentType: 'image/jpeg', content: new Uint8Array([1, 2, 3]), description: '快递面单' }],
      idempotencyKey: key(),
    });
    const other = await h.open();
    const erasure = {
      erasureId: randomUUID(),
      customerId: forgotten.customerId,
      requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
      requestedBy: 'admin-1',
    };
    await h.publish('cs.care.customer.erasure_requested', erasure, { aggregateId: forgotten.customerId });
    const { complaint } = await h.complaints.getComplaint({ complaintId: opened.complaintId });
    expect(complaint?.customer).toEqual({ customerId: forgotten.customerId, displayName: '[erased]' });
    expect(complaint?.description).toBe('[erased]');
    expect(complaint?.facts?.whatHappened).toBe('[erased]');
    expect(complaint?.facts?.orderIds).toEqual(['TB1001']);
    expect(complaint?.evidence).toHaveLength(1);
    const photos = await h.sql('select 1 from evidence_objects where key like ?', [
      `complaints/${opened.complaintId}/%`,
    ]);
    expect(photos).toHaveLength(0);
    const untouched = await h.complaints.getComplaint({ complaintId: other.complaintId });
    expect(untouched.complaint?.customer).toEqual(customer);
    // A redelivery of the same request changes nothing more.
    await h.publish('cs.care.customer.erasure_requested', erasure, {
      aggregateId: forgotten.customerId,
      msgId: randomUUID(),
    });
    expect((await h.complaints.getComplaint({ complaintId: opened.complaintId })).complaint?.version).toBe(
      complaint?.version,
    );
  });
});

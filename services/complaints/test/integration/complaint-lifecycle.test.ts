import { randomUUID } from 'node:crypto';
import {
  AgreementChannel,
  ComplaintNature,
  ComplaintSource,
  ComplaintStage,
  EscalationLevel,
  ExecutionStatus,
  RemedyKind,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ComplaintsHarness,
  cny,
  handlerRef,
  listRequest,
  managerCaller,
  openRequest,
  startComplaints,
  supervisorCaller,
} from './complaints-fixture.js';

let h: ComplaintsHarness;
beforeAll(async () => {
  h = await startComplaints();
});
afterAll(() => h?.close());

const now = () => ({ seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 });
const rootCause = { type: 'product', category: 'quality', subcategory: 'defect' };
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const key = () => randomUUID();

async function failure(call: Promise<unknown>): Promise<{ code: number; reason?: string }> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail, it succeeded');
    },
    (e) => e,
  );
  return { code: error.code, reason: richErrorDetails(error.metadata).reason };
}

async function verified(nature = ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY) {
  const opened = await h.open({ claimedNature: nature });
  const id = opened.complaintId;
  await h.complaints.recordFacts({
    complaintId: id,
    facts: {
      orderIds: ['TB1001'],
      purchasedAt: { seconds: 1_790_000_000, nanos: 0 },
      productModel: 'CUP-350',
      skus: opened.facts!.skus,
      whatHappened: '杯身有裂纹',
      waybillNo: '',
    },
    claimedNature: nature,
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  await h.complaints.attachEvidence({
    complaintId: id,
    photos: [{ contentType: 'image/jpeg', content: jpeg, description: '裂纹' }],
    idempotencyKey: key(),
  });
  const { complaint } = await h.complaints.completeVerification({
    complaintId: id,
    note: '',
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  return complaint!;
}

async function analysed(party = ResponsibleParty.RESPONSIBLE_PARTY_SHOP) {
  const c = await verified();
  const { complaint } = await h.complaints.recordAnalysis({
    complaintId: c.complaintId,
    nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
    severity: Severity.SEVERITY_ORDINARY,
    responsibleParty: party,
    responsibleAgent: undefined,
    rootCause,
    note: '工厂质检漏检',
    expectedVersion: c.version,
    idempotencyKey: key(),
  });
  return complaint!;
}

async function choose(kind: RemedyKind, amount?: { amountMinor: number; currency: string }) {
  const c = await analysed();
  await h.complaints.proposeRemedies({
    complaintId: c.complaintId,
    options: [{ kind, days: kind === RemedyKind.REMEDY_KIND_REISSUE ? 3 : 0, amount, description: '' }],
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  const { complaint } = await h.complaints.recordCustomerChoice({
    complaintId: c.complaintId,
    optionId: 'r1-o1',
    refusedAll: false,
    answeredVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
    answeredAt: now(),
    customerWords: '可以',
    expectedVersion: 0,
    idempotencyKey: key(),
  });
  return complaint!;
}

describe('the seven steps over gRPC', () => {
  it('intake numbers the file per shop day, writes its opened step, the apology and a deadline', async () => {
    const c = await h.open();
    expect(c.number).toMatch(/^TS-\d{8}-\d{4}$/);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_VERIFYING);
    expect(c.stepDueAt).toBeDefined();
    const rows = await h.sql<{ action: string; stage_to: string; actor_id: string }>(
      'select action, stage_to, actor_id from complaint_step where complaint_id = ?',
      [c.complaintId],
    );
    expect(rows).toEqual([{ action: 'opened', stage_to: 'COMPLAINT_STAGE_VERIFYING', actor_id: handlerRef.agentId }]);
    const ack = await waitFor('the apology', () =>
      h.events.ofSubject('cs.complaints.complaint.acknowledged').find((e) => e.data.complaintId === c.complaintId),
    );
    expect(ack.data.text).toContain(c.number);
  });

  it('numbers two files of one day in order', async () => {
    const a = await h.open();
    const b = await h.open();
    expect(Number(b.number.slice(-4))).toBeGreaterThan(Number(a.number.slice(-4)));
  });

  it('a platform complaint carries its external deadline; the same ticket twice is one file', async () => {
    const ticket = `PT-${randomUUID()}`;
    const deadline = { seconds: Math.floor(Date.now() / 1000) + 10 * 86_400, nanos: 0 };
    const request = openRequest({
      source: ComplaintSource.COMPLAINT_SOURCE_PLATFORM,
      sourceReference: ticket,
      externalDeadline: deadline,
    });
    const first = await h.complaints.openComplaint(request);
    const again = await h.complaints.openComplaint({ ...request, idempotencyKey: key() });
    expect(again.complaint?.complaintId).toBe(first.complaint?.complaintId);
    expect(first.complaint?.externalDeadline).toEqual(deadline);
  });

  it('verify: refused naming the required-facts rule until the facts and photos are in', async () => {
    const c = await h.open();
    const refused = await failure(
      h.complaints.completeVerification({
        complaintId: c.complaintId,
        note: '',
        expectedVersion: 0,
        idempotencyKey: key(),
      }),
    );
    expect(refused).toEqual({ code: status.FAILED_PRECONDITION, reason: 'complaints.verification.required-facts' });
    const v = await verified();
    expect(v.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ANALYSING);
    expect(v.evidence).toHaveLength(1);
    const photo = await h.complaints.getEvidence({ complaintId: v.complaintId, evidenceId: v.evidence[0]!.evidenceId });
    expect(Buffer.from(photo.content)).toEqual(Buffer.from(jpeg));
  });

  it('analyse: root cause must be in the taxonomy; retired causes are refused', async () => {
    const v = await verified();
    const analysis = {
      complaintId: v.complaintId,
      nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
      severity: Severity.SEVERITY_SERIOUS,
      responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_WAREHOUSE,
      responsibleAgent: undefined,
      note: '',
      expectedVersion: 0,
    };
    const unknown = await failure(
      h.complaints.recordAnalysis({
        ...analysis,
        rootCause: { type: 'x', category: 'y', subcategory: 'z' },
        idempotencyKey: key(),
      }),
    );
    expect(unknown.code).toBe(status.INVALID_ARGUMENT);
    const cause = { type: 'warehouse', category: 'retire-test', subcategory: randomUUID().slice(0, 8) };
    const manager = h.as(managerCaller);
    await manager.rootCauses.defineRootCause({ cause, description: '测试', idempotencyKey: key() });
    await manager.rootCauses.retireRootCause({ cause, idempotencyKey: key() });
    const retired = await failure(
      h.complaints.recordAnalysis({ ...analysis, rootCause: cause, idempotencyKey: key() }),
    );
    expect(retired).toEqual({ code: status.FAILED_PRECONDITION, reason: 'complaints.analysis.root-cause-retired' });
    const { complaint } = await h.complaints.recordAnalysis({
      ...analysis,
      rootCause: { type: 'warehouse', category: 'packing', subcategory: 'poor-packing' },
      idempotencyKey: key(),
    });
    expect(complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
    expect(complaint?.analysis?.revision).toBe(1);
    const [row] = await h.sql<{ severity: string; root_cause_category: string; responsible_party: string }>(
      'select severity, root_cause_category, responsible_party from complaint where complaint_id = ?',
      [v.complaintId],
    );
    expect(row).toEqual({
      severity: 'SEVERITY_SERIOUS',
      root_cause_category: 'packing',
      responsible_party: 'RESPONSIBLE_PARTY_WAREHOUSE',
    });
  });

  it('propose and choose a reissue: execution runs and remedy_chosen goes to after-sales', async () => {
    const c = await choose(RemedyKind.REMEDY_KIND_REISSUE);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_EXECUTING);
    expect(c.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_RUNNING);
    const chosen = await waitFor('remedy_chosen', () =>
      h.events.ofSubject('cs.complaints.complaint.remedy_chosen').find((e) => e.data.complaintId === c.complaintId),
    );
    expect(chosen.data).toMatchObject({
      orderId: 'TB1001',
      qualityProblem: true,
      remedy: { kind: 'REMEDY_KIND_REISSUE', days: 3 },
    });
    const confirm = await failure(
      h.complaints.confirmResult({
        complaintId: c.complaintId,
        confirmedVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
        customerWords: '',
        expectedVersion: 0,
        idempotencyKey: key(),
      }),
    );
    expect(confirm).toEqual({ code: status.FAILED_PRECONDITION, reason: 'complaints.confirmation.after-execution' });
  });

  it('a compensation ends execution; confirm archives with a revisit; the evaluation is kept', async () => {
    const c = await choose(RemedyKind.REMEDY_KIND_COMPENSATION, cny(2000));
    const paid = await h.complaints.recordCompensation({
      complaintId: c.complaintId,
      amount: cny(2000),
      reference: 'COUPON-20',
      expectedVersion: c.version,
      idempotencyKey: key(),
    });
    expect(paid.complaint?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_CONFIRMING);
    expect(paid.complaint?.execution?.compensationPaid).toEqual(cny(2000));
    const { complaint: archived } = await h.complaints.confirmResult({
      complaintId: c.complaintId,
      confirmedVia: AgreementChannel.AGREEMENT_CHANNEL_PHONE,
      customerWords: '满意',
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    expect(archived?.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ARCHIVED);
    expect(archived?.stepDueAt).toBeUndefined();
    expect(archived?.revisitDueAt).toBeDefined();
    const archivedEvent = await waitFor('archived', () =>
      h.events.ofSubject('cs.complaints.complaint.archived').find((e) => e.data.complaintId === c.complaintId),
    );
    expect(archivedEvent.data.remedy).toBe('REMEDY_KIND_COMPENSATION');
    const readOnly = await failure(
      h.complaints.escalateComplaint({
        complaintId: c.complaintId,
        reason: 'x',
        expectedVersion: 0,
        idempotencyKey: key(),
      }),
    );
    expect(readOnly).toEqual({ code: status.FAILED_PRECONDITION, reason: 'complaints.archive.read-only' });
    const { complaint: evaluated } = await h.complaints.recordEvaluation({
      complaintId: c.complaintId,
      score: 5,
      comment: '处理及时',
      idempotencyKey: key(),
    });
    expect(evaluated?.evaluation?.score).toBe(5);
    const [row] = await h.sql<{ evaluation_score: number; step_due_at: Date | null; archived_at: Date | null }>(
      'select evaluation_score, step_due_at, archived_at from complaint where complaint_id = ?',
      [c.complaintId],
    );
    expect(row?.evaluation_score).toBe(5);
    expect(row?.step_due_at).toBeNull();
    expect(row?.archived_at).not.toBeNull();
    const actions = await h.sql<{ action: string }>(
      'select action from complaint_step where complaint_id = ? order by seq',
      [c.complaintId],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'opened',
      'facts-recorded',
      'evidence-attached',
      'verified',
      'analysed',
      'proposed',
      'chosen',
      'execution-started',
      'compensation-recorded',
      'execution-done',
      'confirmed',
      'archived',
      'evaluated',
    ]);
  });

  it('a refusal of all options escalates and publishes ComplaintEscalated', async () => {
    const c = await analysed();
    await h.complaints.proposeRemedies({
      complaintId: c.complaintId,
      options: [{ kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY, days: 0, amount: undefined, description: '' }],
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    const { complaint } = await h.complaints.recordCustomerChoice({
      complaintId: c.complaintId,
      optionId: '',
      refusedAll: true,
      answeredVia: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: now(),
      customerWords: '不接受',
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    expect(complaint?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    const escalated = await waitFor('escalated', () =>
      h.events.ofSubject('cs.complaints.complaint.escalated').find((e) => e.data.complaintId === c.complaintId),
    );
    expect(escalated.data).toMatchObject({
      fromLevel: 'ESCALATION_LEVEL_AGENT',
      toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
      reason: 'customer refused all options',
    });
  });
});

describe('concurrency, idempotency, roles', () => {
  it('a stale expected_version is ABORTED and changes nothing', async () => {
    const c = await h.open();
    await h.complaints.escalateComplaint({
      complaintId: c.complaintId,
      reason: '需要主管',
      expectedVersion: c.version,
      idempotencyKey: key(),
    });
    const stale = await failure(
      h.complaints.escalateComplaint({
        complaintId: c.complaintId,
        reason: '再升级',
        expectedVersion: c.version,
        idempotencyKey: key(),
      }),
    );
    expect(stale.code).toBe(status.ABORTED);
    const { complaint } = await h.complaints.getComplaint({ complaintId: c.complaintId });
    expect(complaint?.version).toBe(c.version + 1);
    expect(complaint?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
  });

  it('concurrent steps without expected_version all land, one after the other', async () => {
    const c = await h.open();
    await Promise.all(
      // Three at once: each conflict retries on fresh state (transactionWithRetry allows four attempts).
      Array.from({ length: 3 }, (_, i) =>
        h.complaints.attachEvidence({
          complaintId: c.complaintId,
          photos: [{ contentType: 'image/png', content: new Uint8Array([i + 1]), description: `photo ${i}` }],
          idempotencyKey: key(),
        }),
      ),
    );
    const { complaint } = await h.complaints.getComplaint({ complaintId: c.complaintId });
    expect(complaint?.evidence).toHaveLength(3);
    expect(complaint?.version).toBe(4);
    const seqs = await h.sql<{ seq: number }>('select seq from complaint_step where complaint_id = ? order by seq', [
      c.complaintId,
    ]);
    expect(seqs.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('a retried command returns the first outcome and takes the step once', async () => {
    const c = await h.open();
    const request = { complaintId: c.complaintId, reason: '需要主管', expectedVersion: 0, idempotencyKey: key() };
    const first = await h.complaints.escalateComplaint(request);
    const retry = await h.complaints.escalateComplaint(request);
    expect(retry).toEqual(first);
    const rows = await h.sql('select 1 from complaint_step where complaint_id = ? and action = ?', [
      c.complaintId,
      'escalated',
    ]);
    expect(rows).toHaveLength(1);
    const openRequestOnce = openRequest();
    const a = await h.complaints.openComplaint(openRequestOnce);
    const b = await h.complaints.openComplaint(openRequestOnce);
    expect(b.complaint?.complaintId).toBe(a.complaint?.complaintId);
  });

  it('the handler takes a file; only a supervisor hands it to someone else', async () => {
    const c = await h.open();
    const taken = await h.complaints.assignComplaint({
      complaintId: c.complaintId,
      handler: undefined,
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    expect(taken.complaint?.handler).toEqual(handlerRef);
    const other = { agentId: 'handler-2', name: '钱投诉' };
    const denied = await failure(
      h.complaints.assignComplaint({
        complaintId: c.complaintId,
        handler: other,
        expectedVersion: 0,
        idempotencyKey: key(),
      }),
    );
    expect(denied.code).toBe(status.PERMISSION_DENIED);
    const handed = await h.as(supervisorCaller).complaints.assignComplaint({
      complaintId: c.complaintId,
      handler: other,
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    expect(handed.complaint?.handler).toEqual(other);
    const listed = await h.complaints.listComplaints(listRequest({ handlerAgentId: 'handler-2' }));
    expect(listed.complaints.map((x) => x.complaintId)).toContain(c.complaintId);
  });

  it('lists by stage and overdue, newest first, paged', async () => {
    const c = await h.open({ customer: { customerId: `list-${randomUUID()}`, displayName: '' } });
    await h.open({ customer: c.customer });
    const page1 = await h.complaints.listComplaints(
      listRequest({ customerId: c.customer!.customerId, page: { pageSize: 1, pageToken: '' } }),
    );
    expect(page1.complaints).toHaveLength(1);
    expect(page1.page?.nextPageToken).not.toBe('');
    const page2 = await h.complaints.listComplaints(
      listRequest({ customerId: c.customer!.customerId, page: { pageSize: 1, pageToken: page1.page!.nextPageToken } }),
    );
    expect(page2.complaints[0]?.complaintId).toBe(c.complaintId);
    await h.sql("update complaint set step_due_at = now() - interval '1 hour' where complaint_id = ?", [c.complaintId]);
    const overdue = await h.complaints.listComplaints(
      listRequest({ customerId: c.customer!.customerId, overdueOnly: true }),
    );
    expect(overdue.complaints.map((x) => x.complaintId)).toEqual([c.complaintId]);
  });
});

describe('root causes (seeded taxonomy)', () => {
  it('lists the seeded causes; a manager defines and retires one', async () => {
    const { entries } = await h.rootCauses.listRootCauses({ includeRetired: false });
    expect(entries.map((e) => e.cause)).toContainEqual(rootCause);
    const cause = { type: 'service', category: 'attitude', subcategory: `t-${randomUUID().slice(0, 8)}` };
    const manager = h.as(managerCaller);
    const defined = await manager.rootCauses.defineRootCause({ cause, description: '新原因', idempotencyKey: key() });
    expect(defined.entry).toEqual({ cause, description: '新原因', retired: false });
    await manager.rootCauses.retireRootCause({ cause, idempotencyKey: key() });
    const active = await h.rootCauses.listRootCauses({ includeRetired: false });
    expect(active.entries.map((e) => e.cause)).not.toContainEqual(cause);
    const all = await h.rootCauses.listRootCauses({ includeRetired: true });
    expect(all.entries.find((e) => e.cause?.subcategory === cause.subcategory)?.retired).toBe(true);
    const notFound = await failure(
      manager.rootCauses.retireRootCause({ cause: { ...cause, subcategory: 'nope' }, idempotencyKey: key() }),
    );
    expect(notFound.code).toBe(status.NOT_FOUND);
  });
});

describe('the HTTP mirror', () => {
  it('opens, reads and escalates a file over HTTP/JSON', async () => {
    const opened = await h.http('/cs.complaints.v1.ComplaintsService/OpenComplaint', {
      source: 'COMPLAINT_SOURCE_BAD_REVIEW',
      source_reference: `review-${randomUUID()}`,
      customer: { customer_id: 'buyer-http', display_name: '周' },
      description: '差评：物流太慢',
      claimed_nature: 'COMPLAINT_NATURE_LOGISTICS',
      idempotency_key: key(),
    });
    expect(opened.status).toBe(200);
    const id = opened.body.complaint.complaintId;
    expect(opened.body.complaint.stage).toBe('COMPLAINT_STAGE_VERIFYING');
    const read = await h.http('/cs.complaints.v1.ComplaintsService/GetComplaint', { complaint_id: id });
    expect(read.status).toBe(200);
    expect(read.body.complaint.source).toBe('COMPLAINT_SOURCE_BAD_REVIEW');
    const escalated = await h.http('/cs.complaints.v1.ComplaintsService/EscalateComplaint', {
      complaint_id: id,
      reason: '顾客要求主管处理',
      expected_version: 1,
      idempotency_key: key(),
    });
    expect(escalated.status).toBe(200);
    expect(escalated.body.complaint.escalationLevel).toBe('ESCALATION_LEVEL_SUPERVISOR');
    const stale = await h.http('/cs.complaints.v1.ComplaintsService/EscalateComplaint', {
      complaint_id: id,
      reason: '再升级',
      expected_version: 1,
      idempotency_key: key(),
    });
    expect(stale.status).toBe(409);
  });
});

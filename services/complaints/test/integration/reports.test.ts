import { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { ReportPeriod } from '@cs/contracts/cs/complaints/v1/reports_service';
import { shopDate } from '@cs/shop-time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, handler, key, manager, type ReportsHarness, startReports, supervisor } from './reports-fixture.js';

let h: ReportsHarness;
// Wednesday 10 June 2026, shop time (UTC+8).
const at = (local: string) => new Date(`${local}+08:00`);
const day = (time: string) => at(`2026-06-10T${time}:00`);
const h1 = { agentId: 'handler-1', name: '赵投诉' };
const h2 = { agentId: 'handler-2', name: '钱投诉' };
const S = {
  none: 'COMPLAINT_STAGE_UNSPECIFIED',
  verifying: 'COMPLAINT_STAGE_VERIFYING',
  analysing: 'COMPLAINT_STAGE_ANALYSING',
  proposing: 'COMPLAINT_STAGE_PROPOSING',
  executing: 'COMPLAINT_STAGE_EXECUTING',
  confirming: 'COMPLAINT_STAGE_CONFIRMING',
  archived: 'COMPLAINT_STAGE_ARCHIVED',
};

beforeAll(async () => {
  h = await startReports();
  // A critical quality complaint that went all the way through on the day, two hours late in analysis.
  await h.seed({
    source: 'COMPLAINT_SOURCE_CONVERSATION',
    nature: 'COMPLAINT_NATURE_PRODUCT_QUALITY',
    severity: 'SEVERITY_CRITICAL',
    handler: h1,
    rootCause: ['product', 'quality', 'defect'],
    responsibleParty: 'RESPONSIBLE_PARTY_SHOP',
    remedyKind: 'REMEDY_KIND_REISSUE',
    openedAt: day('09:00'),
    archivedAt: day('16:00'),
    evaluationScore: 4,
    steps: [
      [S.verifying, S.analysing, day('10:00')], // 60 min, due 11:00: met
      [S.analysing, S.proposing, day('13:00')], // 180 min, due 12:00: overdue
      [S.proposing, S.executing, day('14:00')], // due 17:00: met
      [S.executing, S.confirming, day('15:00')], // due days later: not in the period
      [S.confirming, S.archived, day('16:00')],
      [S.archived, S.archived, day('17:00'), 'evaluated'],
    ],
  });
  // An ordinary attitude complaint from the platform, never verified: due 18:00, overdue.
  await h.seed({
    source: 'COMPLAINT_SOURCE_PLATFORM',
    nature: 'COMPLAINT_NATURE_SERVICE_ATTITUDE',
    handler: h2,
    rootCause: ['service', 'attitude', 'rude'],
    responsibleParty: 'RESPONSIBLE_PARTY_AGENT',
    responsibleAgent: { agentId: 'agent-7', name: '张三' },
    openedAt: day('09:00'),
  });
  // Opened the day before, verified at 09:30 on the day: 510 business minutes, due 10:00, met.
  await h.seed({
    handler: h1,
    openedAt: at('2026-06-09T10:00:00'),
    steps: [[S.verifying, S.analysing, day('09:30')]],
  });
  // The next day: only in the week.
  await h.seed({ handler: h2, source: 'COMPLAINT_SOURCE_DIRECT', openedAt: at('2026-06-11T10:00:00') });
});
afterAll(() => h?.close());

describe('GetComplaintReport: the daily report in shop time', () => {
  it('volumes, by source/nature/cause/responsibility/outcome, time per step, overdue rate, evaluation, handlers', async () => {
    const report = await h
      .as(supervisor)
      .getComplaintReport({ period: ReportPeriod.REPORT_PERIOD_DAY, date: '2026-06-10' });
    expect(report).toMatchObject({
      period: ReportPeriod.REPORT_PERIOD_DAY,
      fromDate: '2026-06-10',
      toDate: '2026-06-10',
      opened: 2,
      archived: 1,
      overdueRate: 0.4,
      meanEvaluation: 4,
      evaluations: 1,
      proposals: [],
    });
    expect(report.bySource).toEqual([
      { key: 'COMPLAINT_SOURCE_CONVERSATION', count: 1 },
      { key: 'COMPLAINT_SOURCE_PLATFORM', count: 1 },
    ]);
    expect(report.byNature.map((c) => c.key)).toEqual([
      'COMPLAINT_NATURE_PRODUCT_QUALITY',
      'COMPLAINT_NATURE_SERVICE_ATTITUDE',
    ]);
    expect(report.byRootCause).toEqual([
      { key: 'product/quality/defect', count: 1 },
      { key: 'service/attitude/rude', count: 1 },
    ]);
    expect(report.byResponsibility.map((c) => c.key)).toEqual(['RESPONSIBLE_PARTY_AGENT', 'RESPONSIBLE_PARTY_SHOP']);
    expect(report.byOutcome).toEqual([{ key: 'REMEDY_KIND_REISSUE', count: 1 }]);
    expect(report.stepDurations).toEqual([
      { step: 'verifying', meanBusinessMinutes: (60 + 510) / 2, samples: 2 },
      { step: 'analysing', meanBusinessMinutes: 180, samples: 1 },
      { step: 'proposing', meanBusinessMinutes: 60, samples: 1 },
      { step: 'executing', meanBusinessMinutes: 60, samples: 1 },
      { step: 'confirming', meanBusinessMinutes: 60, samples: 1 },
    ]);
    expect(report.byHandler).toEqual([
      { handler: h1, opened: 1, archived: 1, overdueSteps: 1, meanEvaluation: 4 },
      { handler: h2, opened: 1, archived: 0, overdueSteps: 1, meanEvaluation: 0 },
    ]);
  });

  it('the week runs Monday to Sunday in shop time', async () => {
    const week = await h
      .as(manager)
      .getComplaintReport({ period: ReportPeriod.REPORT_PERIOD_WEEK, date: '2026-06-10' });
    expect(week).toMatchObject({ fromDate: '2026-06-08', toDate: '2026-06-14', opened: 4, archived: 1 });
    expect(week.bySource.find((c) => c.key === 'COMPLAINT_SOURCE_DIRECT')?.count).toBe(1);
  });

  it('a day with nothing in it is all zeros', async () => {
    const empty = await h
      .as(supervisor)
      .getComplaintReport({ period: ReportPeriod.REPORT_PERIOD_DAY, date: '2026-05-01' });
    expect(empty).toMatchObject({ opened: 0, archived: 0, overdueRate: 0, meanEvaluation: 0, byHandler: [] });
  });

  it('the HTTP mirror answers the same figures', async () => {
    const reply = await h.post('/cs.complaints.v1.ComplaintReportsService/GetComplaintReport', {
      period: 'REPORT_PERIOD_DAY',
      date: '2026-06-10',
    });
    expect(reply.status).toBe(200);
    const body = await reply.json();
    expect(body).toMatchObject({ opened: 2, archived: 1, overdueRate: 0.4, evaluations: 1 });
  });

  it('as CSV, one figure per row, with the RPC’s access', async () => {
    const url = '/complaints/report.csv?period=day&date=2026-06-10';
    expect((await h.get(url, null)).status).toBe(401);
    expect((await h.get(url, frontLine)).status).toBe(403);
    expect((await h.get(url, handler)).status).toBe(403);
    const csv = await h.get(url, supervisor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('section,key,name,value,samples');
    expect(lines).toEqual(
      expect.arrayContaining([
        'period,day,,2026-06-10..2026-06-10,',
        'opened,,,2,',
        'archived,,,1,',
        'by_source,COMPLAINT_SOURCE_PLATFORM,,1,',
        'by_root_cause,product/quality/defect,,1,',
        'by_outcome,REMEDY_KIND_REISSUE,,1,',
        'step_mean_business_minutes,verifying,,285,2',
        'overdue_rate,,,0.4,',
        'mean_evaluation,,,4,1',
        'handler_overdue_steps,handler-2,钱投诉,1,',
      ]),
    );
    const weekly = await h.get('/complaints/report.csv?period=week&date=2026-06-10', manager);
    expect(await weekly.text()).toContain('opened,,,4,');
  });
});

describe('GetComplaintReport over files the desk itself wrote', () => {
  it('a complaint opened and verified today through ComplaintsService counts in today’s report', async () => {
    const desk = h.desk(handler);
    const { complaint } = await desk.openComplaint({
      source: ComplaintSource.COMPLAINT_SOURCE_REGULATOR_12315,
      sourceReference: '12315-0001',
      customer: { customerId: 'buyer-2', displayName: '周五' },
      conversationId: '',
      orderIds: ['TB2002'],
      skus: [],
      description: '客服不回复',
      remedySought: '道歉',
      claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
      severity: Severity.SEVERITY_UNSPECIFIED,
      // 12315 files carry the regulator's deadline.
      externalDeadline: { seconds: Math.floor(Date.now() / 1000) + 10 * 86_400, nanos: 0 },
      idempotencyKey: key(),
    });
    await desk.completeVerification({
      complaintId: complaint!.complaintId,
      note: '',
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    const today = shopDate(new Date(), 'Asia/Shanghai');
    const report = await h.as(supervisor).getComplaintReport({ period: ReportPeriod.REPORT_PERIOD_DAY, date: today });
    expect(report.bySource).toContainEqual({ key: 'COMPLAINT_SOURCE_REGULATOR_12315', count: 1 });
    expect(report.byNature).toContainEqual({ key: 'COMPLAINT_NATURE_SERVICE_ATTITUDE', count: 1 });
    expect(report.stepDurations.find((d) => d.step === 'verifying')?.samples).toBe(1);
  });
});

describe('RecordImprovementProposal: proposals recorded against causes, listed by the report', () => {
  it('records the proposal with the caller as proposer; a retry returns the first outcome', async () => {
    const request = {
      rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
      text: '出厂前增加一次通电检测',
      idempotencyKey: key(),
    };
    const first = await h.as(handler).recordImprovementProposal(request);
    expect(first.proposal).toMatchObject({
      rootCause: request.rootCause,
      text: request.text,
      proposedBy: { agentId: 'handler-1', name: '赵投诉' },
    });
    const again = await h.as(handler).recordImprovementProposal(request);
    expect(again.proposal?.proposalId).toBe(first.proposal?.proposalId);
    expect(await h.sql('select proposal_id from improvement_proposal')).toHaveLength(1);

    // Over HTTP with the key as a header, by a supervisor.
    const httpKey = key();
    const body = { root_cause: { type: 'logistics', category: 'delivery', subcategory: 'late' }, text: '换快递公司' };
    const reply = await h.post(
      '/cs.complaints.v1.ComplaintReportsService/RecordImprovementProposal',
      body,
      supervisor,
      {
        'idempotency-key': httpKey,
      },
    );
    expect(reply.status).toBe(200);
    const replay = await h.post(
      '/cs.complaints.v1.ComplaintReportsService/RecordImprovementProposal',
      body,
      supervisor,
      { 'idempotency-key': httpKey },
    );
    const idOf = async (r: Response) => ((await r.json()) as { proposal: { proposalId: string } }).proposal.proposalId;
    expect(await idOf(replay)).toBe(await idOf(reply));

    const today = shopDate(new Date(), 'Asia/Shanghai');
    const report = await h.as(supervisor).getComplaintReport({ period: ReportPeriod.REPORT_PERIOD_DAY, date: today });
    expect(report.proposals.map((p) => [p.rootCause?.subcategory, p.text, p.proposedBy?.agentId])).toEqual([
      ['defect', '出厂前增加一次通电检测', 'handler-1'],
      ['late', '换快递公司', 'sup-1'],
    ]);
    const csv = await (await h.get(`/complaints/report.csv?period=day&date=${today}`)).text();
    expect(csv).toContain('improvement_proposal,product/quality/defect,赵投诉,出厂前增加一次通电检测,');
  });

  it('a front-line agent may not record one', async () => {
    const reply = await h.post(
      '/cs.complaints.v1.ComplaintReportsService/RecordImprovementProposal',
      { root_cause: { type: 'other', category: 'other', subcategory: 'other' }, text: 'x', idempotency_key: key() },
      frontLine,
    );
    expect(reply.status).toBe(403);
  });
});

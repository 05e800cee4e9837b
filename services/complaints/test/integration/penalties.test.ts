import { randomUUID } from 'node:crypto';
import { ComplaintNature, ComplaintSource, ResponsibleParty, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { transactionWithRetry } from '@cs/persistence';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalysisChange, PenaltyAssessment } from '../../src/application/penalty-assessment.js';
import { penaltyMonth } from '../../src/domain/agent-penalty.rule.js';
import { frontLine, handler, key, manager, type ReportsHarness, startReports, supervisor } from './reports-fixture.js';

let h: ReportsHarness;
let assessment: PenaltyAssessment;
beforeAll(async () => {
  h = await startReports();
  assessment = h.sut.service.app.get(PenaltyAssessment);
});
afterAll(() => h?.close());

/** One RecordAnalysis transaction, as the complaint desk runs it. */
const analyse = (change: AnalysisChange) =>
  transactionWithRetry(h.sut.service.orm, (em) => assessment.apply(em, change));

interface Row {
  complaint_id: string;
  month: string;
  sequence: number;
  amount_minor: string;
  reversed_at: Date | null;
}
const penaltiesOf = (agentId: string) =>
  h.sql<Row>('select * from agent_penalty where agent_id = ? order by imposed_at, sequence', [agentId]);
const agent = (agentId: string) => ({ agentId, name: `客服${agentId}` });
// 2026-12-10 10:00 shop time and a few minutes later.
const december = (minutes = 0) => new Date(Date.parse('2026-12-10T02:00:00Z') + minutes * 60_000);

describe('penalties imposed by analyses that name an agent', () => {
  it('doubling: the 1st, 2nd and 3rd complaint of a month cost 20, 40 and 80 CNY, each published', async () => {
    const complaints = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, complaintId] of complaints.entries())
      await analyse({ complaintId, after: agent('zhang'), at: december(i) });
    const rows = await penaltiesOf('zhang');
    expect(rows.map((r) => [r.complaint_id, r.month, r.sequence, Number(r.amount_minor)])).toEqual([
      [complaints[0], '2026-12', 1, 2000],
      [complaints[1], '2026-12', 2, 4000],
      [complaints[2], '2026-12', 3, 8000],
    ]);
    const imposed = await waitFor('three PenaltyImposed events', () => {
      const events = h.events
        .ofSubject('cs.complaints.penalty.imposed')
        .filter((e) => (e.data.agent as { agentId: string }).agentId === 'zhang');
      return events.length === 3 && events;
    });
    expect(imposed.map((e) => [e.data.sequence, e.data.amount, e.data.month])).toEqual([
      [1, { amountMinor: 2000, currency: 'CNY' }, '2026-12'],
      [2, { amountMinor: 4000, currency: 'CNY' }, '2026-12'],
      [3, { amountMinor: 8000, currency: 'CNY' }, '2026-12'],
    ]);
  });

  it('month boundary in shop time: 30 Nov 23:30 and 1 Dec 00:30 (Shanghai) are each their month’s first', async () => {
    await analyse({ complaintId: randomUUID(), after: agent('wang'), at: new Date('2026-11-30T15:30:00Z') });
    await analyse({ complaintId: randomUUID(), after: agent('wang'), at: new Date('2026-11-30T16:30:00Z') });
    expect((await penaltiesOf('wang')).map((r) => [r.month, r.sequence, Number(r.amount_minor)])).toEqual([
      ['2026-11', 1, 2000],
      ['2026-12', 1, 2000],
    ]);
  });

  it('recording the same analysis again imposes nothing more (idempotent)', async () => {
    const complaintId = randomUUID();
    await analyse({ complaintId, after: agent('li'), at: december() });
    await analyse({ complaintId, before: agent('li'), after: agent('li'), at: december(5) });
    await analyse({ complaintId, after: agent('li'), at: december(6) });
    expect(await penaltiesOf('li')).toHaveLength(1);
  });

  it('an analysis naming no agent imposes nothing', async () => {
    const complaintId = randomUUID();
    await analyse({ complaintId, at: december() });
    expect(await h.sql('select * from agent_penalty where complaint_id = ?', [complaintId])).toEqual([]);
  });

  it('two analyses naming the same agent at the same moment are never both the first', async () => {
    const complaints = Array.from({ length: 6 }, () => randomUUID());
    await Promise.all(complaints.map((complaintId) => analyse({ complaintId, after: agent('zhao'), at: december() })));
    const rows = await penaltiesOf('zhao');
    expect(rows.map((r) => r.sequence).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(rows.map((r) => r.complaint_id))).toEqual(new Set(complaints));
  });
});

describe('penalties reversed by a corrected analysis', () => {
  it('reversal: a correction that clears the agent reverses the penalty; later ones keep their number', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await analyse({ complaintId: first, after: agent('sun'), at: december() });
    await analyse({ complaintId: second, after: agent('sun'), at: december(1) });
    await analyse({ complaintId: first, before: agent('sun'), after: undefined, at: december(2) });
    const rows = await penaltiesOf('sun');
    expect(rows.map((r) => [r.complaint_id, r.sequence, Number(r.amount_minor), r.reversed_at !== null])).toEqual([
      [first, 1, 2000, true],
      [second, 2, 4000, false],
    ]);
    const reversed = await waitFor('PenaltyReversed', () =>
      h.events.ofSubject('cs.complaints.penalty.reversed').find((e) => e.data.complaintId === first),
    );
    expect(reversed.data).toMatchObject({ agent: { agentId: 'sun' }, amount: { amountMinor: 2000 }, month: '2026-12' });
    // Reversing it again (the same correction recorded twice) changes nothing.
    await analyse({ complaintId: first, at: december(3) });
    expect(await penaltiesOf('sun')).toHaveLength(2);
  });

  it('a correction naming another agent reverses the old penalty and imposes the new one', async () => {
    const complaintId = randomUUID();
    await analyse({ complaintId, after: agent('qian'), at: december() });
    await analyse({ complaintId, before: agent('qian'), after: agent('zhou'), at: december(1) });
    expect((await penaltiesOf('qian')).map((r) => r.reversed_at !== null)).toEqual([true]);
    expect((await penaltiesOf('zhou')).map((r) => [r.sequence, r.reversed_at])).toEqual([[1, null]]);
  });

  it('re-imposition: naming the agent again after a reversal imposes a new penalty', async () => {
    const complaintId = randomUUID();
    await analyse({ complaintId, after: agent('wu'), at: december() });
    await analyse({ complaintId, before: agent('wu'), at: december(1) });
    await analyse({ complaintId, after: agent('wu'), at: december(2) });
    const rows = await penaltiesOf('wu');
    expect(rows.map((r) => [r.sequence, r.reversed_at !== null])).toEqual([
      [1, true],
      [1, false],
    ]);
  });
});

describe('GetScoreSheet: the month’s penalties and complaint counts per agent', () => {
  it('lists penalties in force with their total, reversed ones for the record, and complaints handled', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await analyse({ complaintId: a, after: agent('zheng'), at: new Date('2027-01-05T02:00:00Z') });
    await analyse({ complaintId: b, after: agent('zheng'), at: new Date('2027-01-06T02:00:00Z') });
    await analyse({ complaintId: a, before: agent('zheng'), at: new Date('2027-01-07T02:00:00Z') });
    const c = randomUUID();
    await analyse({ complaintId: c, after: agent('zheng'), at: new Date('2027-01-08T02:00:00Z') });
    await h.seed({ handler: agent('handler-9'), openedAt: new Date('2027-01-03T02:00:00Z') });
    await h.seed({ handler: agent('handler-9'), openedAt: new Date('2027-01-31T15:59:00Z') });
    // 1 Feb 00:30 in Shanghai: February's.
    await h.seed({ handler: agent('handler-9'), openedAt: new Date('2027-01-31T16:30:00Z') });

    const sheet = await h.as(supervisor).getScoreSheet({ month: '2027-01' });
    expect(sheet.month).toBe('2027-01');
    const zheng = sheet.lines.find((l) => l.agent?.agentId === 'zheng');
    expect(zheng?.agent?.name).toBe('客服zheng');
    expect(zheng?.complaintsCaused).toBe(2);
    // The reversed first penalty costs nothing; the second keeps its 40, the next is the third (80).
    expect(zheng?.penaltyTotal).toEqual({ amountMinor: 4000 + 8000, currency: 'CNY' });
    expect(zheng?.penalties.map((p) => [p.complaintId, p.sequence, p.amount?.amountMinor, !!p.reversedAt])).toEqual([
      [a, 1, 2000, true],
      [b, 2, 4000, false],
      [c, 3, 8000, false],
    ]);
    expect(sheet.lines.find((l) => l.agent?.agentId === 'handler-9')).toMatchObject({
      complaintsHandled: 2,
      complaintsCaused: 0,
      penalties: [],
    });

    // The HTTP mirror answers the same, for the manager too.
    const http = await h.post('/cs.complaints.v1.ComplaintReportsService/GetScoreSheet', { month: '2027-01' }, manager);
    expect(http.status).toBe(200);
    const body = (await http.json()) as { lines: { agent: { agentId: string }; penaltyTotal: unknown }[] };
    // proto3 JSON: int64 as a string.
    expect(body.lines.find((l) => l.agent.agentId === 'zheng')?.penaltyTotal).toEqual({
      amountMinor: '12000',
      currency: 'CNY',
    });

    // And as CSV: one row per agent.
    const csv = await h.get('/complaints/score-sheet.csv?month=2027-01', supervisor);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'month,agent_id,agent_name,complaints_caused,complaints_handled,penalty_total_cny,penalties_cny,reversed_penalties',
    );
    expect(lines).toContain('2027-01,zheng,客服zheng,2,0,120.00,40.00;80.00,1');
    expect(lines).toContain('2027-01,handler-9,客服handler-9,0,2,0.00,,0');
    expect(lines).toHaveLength(sheet.lines.length + 1);
  });

  it('the CSV export has the RPC’s access: no token 401, a front-line agent 403', async () => {
    expect((await h.get('/complaints/score-sheet.csv?month=2027-01', null)).status).toBe(401);
    expect((await h.get('/complaints/score-sheet.csv?month=2027-01', frontLine)).status).toBe(403);
  });
});

describe('through the complaint desk: RecordAnalysis imposes and reverses penalties', () => {
  const attitude = { type: 'service', category: 'attitude', subcategory: 'rude' };
  const culprit = { agentId: 'agent-77', name: '孙客服' };

  /** An agent-attitude complaint opened and verified by a complaints handler, ready for analysis. */
  async function verifiedAttitudeComplaint(): Promise<{ complaintId: string; version: number }> {
    const desk = h.desk(handler);
    const { complaint } = await desk.openComplaint({
      source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
      sourceReference: '',
      customer: { customerId: 'buyer-1', displayName: '李四' },
      conversationId: '',
      orderIds: ['TB1001'],
      skus: [],
      description: '客服说话很冲',
      remedySought: '道歉',
      claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
      severity: Severity.SEVERITY_UNSPECIFIED,
      externalDeadline: undefined,
      idempotencyKey: key(),
    });
    const verified = await desk.completeVerification({
      complaintId: complaint!.complaintId,
      note: '',
      expectedVersion: 0,
      idempotencyKey: key(),
    });
    return { complaintId: complaint!.complaintId, version: verified.complaint!.version };
  }

  const analysis = (complaintId: string, party: ResponsibleParty, agentRef?: { agentId: string; name: string }) =>
    h.desk(handler).recordAnalysis({
      complaintId,
      nature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
      severity: Severity.SEVERITY_ORDINARY,
      responsibleParty: party,
      responsibleAgent: agentRef,
      rootCause: attitude,
      note: '',
      expectedVersion: 0,
      idempotencyKey: key(),
    });

  it('an agent-attitude complaint twice in one month: 20 then 40; a correction reverses the first', async () => {
    const first = await verifiedAttitudeComplaint();
    const second = await verifiedAttitudeComplaint();
    await analysis(first.complaintId, ResponsibleParty.RESPONSIBLE_PARTY_AGENT, culprit);
    await analysis(second.complaintId, ResponsibleParty.RESPONSIBLE_PARTY_AGENT, culprit);
    const month = penaltyMonth(new Date(), 'Asia/Shanghai');
    const sheet = async () =>
      (await h.as(manager).getScoreSheet({ month })).lines.find((l) => l.agent?.agentId === culprit.agentId);
    expect((await sheet())?.penalties.map((p) => [p.complaintId, p.amount?.amountMinor, !!p.reversedAt])).toEqual([
      [first.complaintId, 2000, false],
      [second.complaintId, 4000, false],
    ]);

    // The analysis of the first is corrected: the shop, not the agent, was at fault.
    await analysis(first.complaintId, ResponsibleParty.RESPONSIBLE_PARTY_SHOP);
    const after = await sheet();
    expect(after?.complaintsCaused).toBe(1);
    expect(after?.penaltyTotal?.amountMinor).toBe(4000);
    expect(after?.penalties.map((p) => [p.sequence, !!p.reversedAt])).toEqual([
      [1, true],
      [2, false],
    ]);
    await waitFor('PenaltyReversed for the corrected complaint', () =>
      h.events.ofSubject('cs.complaints.penalty.reversed').some((e) => e.data.complaintId === first.complaintId),
    );
  });
});

describe('COMPLAINTS_PENALTY_BASE_MINOR sets the first penalty of the month', () => {
  it('5 CNY, then 10', async () => {
    const other = await startReports({ COMPLAINTS_PENALTY_BASE_MINOR: '500' });
    try {
      const assess = other.sut.service.app.get(PenaltyAssessment);
      for (const minutes of [0, 1])
        await transactionWithRetry(other.sut.service.orm, (em) =>
          assess.apply(em, { complaintId: randomUUID(), after: agent('feng'), at: december(minutes) }),
        );
      const rows = await other.sql<Row>('select * from agent_penalty order by sequence');
      expect(rows.map((r) => Number(r.amount_minor))).toEqual([500, 1000]);
    } finally {
      await other.close();
    }
  });
});

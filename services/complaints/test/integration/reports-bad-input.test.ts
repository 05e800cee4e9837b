import { ReportPeriod } from '@cs/contracts/cs/complaints/v1/reports_service';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, key, type ReportsHarness, startReports, supervisor } from './reports-fixture.js';

let h: ReportsHarness;
beforeAll(async () => {
  h = await startReports();
});
afterAll(() => h?.close());

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

async function httpFields(reply: Promise<Response>): Promise<string[]> {
  const response = await reply;
  expect(response.status).toBe(400);
  const body = (await response.json()) as { code: string; fieldViolations: { field: string }[] };
  expect(body.code).toBe('invalid_argument');
  return body.fieldViolations.map((v: { field: string }) => v.field);
}

const proposalsWritten = async () => (await h.sql('select proposal_id from improvement_proposal')).length;
const rpc = (method: string) => `/cs.complaints.v1.ComplaintReportsService/${method}`;

describe('GetScoreSheet rejects a month that is not YYYY-MM', () => {
  it.each([
    ['empty', ''],
    ['month 13', '2026-13'],
    ['month 00', '2026-00'],
    ['one digit', '2026-1'],
    ['a date', '2026-12-01'],
    ['words', 'December'],
  ])('%s (%s): gRPC, HTTP mirror and CSV', async (_label, month) => {
    expect(await rejectedFields(h.as(supervisor).getScoreSheet({ month }))).toEqual(['month']);
    expect(await httpFields(h.post(rpc('GetScoreSheet'), { month }))).toEqual(['month']);
    expect(await httpFields(h.get(`/complaints/score-sheet.csv?month=${encodeURIComponent(month)}`))).toEqual([
      'month',
    ]);
  });

  it('the CSV without a month at all', async () => {
    expect(await httpFields(h.get('/complaints/score-sheet.csv'))).toEqual(['month']);
  });
});

describe('GetComplaintReport rejects an unspecified period and dates that do not exist', () => {
  const day = ReportPeriod.REPORT_PERIOD_DAY;
  it.each([
    ['unspecified period', ReportPeriod.REPORT_PERIOD_UNSPECIFIED, '2026-12-03', ['period']],
    ['30 February', day, '2026-02-30', ['date']],
    ['empty date', day, '', ['date']],
    ['month 13', day, '2026-13-01', ['date']],
    ['not zero-padded', day, '2026-2-3', ['date']],
    ['neither', ReportPeriod.REPORT_PERIOD_UNSPECIFIED, 'tomorrow', ['period', 'date']],
  ])('%s: gRPC and HTTP mirror', async (_label, period, date, fields) => {
    expect(await rejectedFields(h.as(supervisor).getComplaintReport({ period, date }))).toEqual(fields);
    expect(await httpFields(h.post(rpc('GetComplaintReport'), { period, date }))).toEqual(fields);
  });

  it.each([
    ['a period that is not day or week', 'period=month&date=2026-12-03', ['period']],
    ['no period', 'date=2026-12-03', ['period']],
    ['30 February', 'period=week&date=2026-02-30', ['date']],
    ['nothing', '', ['period', 'date']],
  ])('the CSV: %s', async (_label, query, fields) => {
    expect(await httpFields(h.get(`/complaints/report.csv?${query}`))).toEqual(fields);
  });
});

describe('RecordImprovementProposal rejects malformed requests naming each field, and records nothing', () => {
  const valid = {
    rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
    text: '加强来料检验',
    idempotencyKey: '',
  };

  it('without cause, text or idempotency key', async () => {
    expect(
      await rejectedFields(
        h.as(handler).recordImprovementProposal({ rootCause: undefined, text: ' ', idempotencyKey: '' }),
      ),
    ).toEqual(['root_cause.type', 'root_cause.category', 'root_cause.subcategory', 'text', 'idempotency_key']);
    expect(await httpFields(h.post(rpc('RecordImprovementProposal'), {}, handler))).toEqual([
      'root_cause.type',
      'root_cause.category',
      'root_cause.subcategory',
      'text',
      'idempotency_key',
    ]);
    expect(await proposalsWritten()).toBe(0);
  });

  it('a text over 2000 characters', async () => {
    const request = { ...valid, text: '改'.repeat(2001), idempotencyKey: key() };
    expect(await rejectedFields(h.as(handler).recordImprovementProposal(request))).toEqual(['text']);
    expect(
      await httpFields(
        h.post(rpc('RecordImprovementProposal'), { root_cause: valid.rootCause, text: request.text }, handler, {
          'idempotency-key': key(),
        }),
      ),
    ).toEqual(['text']);
    expect(await proposalsWritten()).toBe(0);
  });

  it('a cause that is not in the taxonomy', async () => {
    const rootCause = { type: 'product', category: 'quality', subcategory: 'haunted' };
    expect(
      await rejectedFields(h.as(handler).recordImprovementProposal({ ...valid, rootCause, idempotencyKey: key() })),
    ).toEqual(['root_cause']);
    expect(
      await httpFields(
        h.post(rpc('RecordImprovementProposal'), { root_cause: rootCause, text: 'x', idempotency_key: key() }, handler),
      ),
    ).toEqual(['root_cause']);
    expect(await proposalsWritten()).toBe(0);
  });
});

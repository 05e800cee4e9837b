import { randomUUID } from 'node:crypto';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { ContactChannelKind } from '@cs/contracts/cs/care/v1/customer';
import { NewProblemRoute, RevisitOutcome } from '@cs/contracts/cs/care/v1/revisits_service';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CareHarness, startCare, supervisor } from './care-fixture.js';
import { newId, orderPlaced } from './events.js';

let h: CareHarness;
const customerId = newId('bad-input-buyer');
beforeAll(async () => {
  h = await startCare();
  await h.publishJson(
    'cs.orders.order.placed',
    orderPlaced(customerId, newId('TB'), 10_000, { paidAt: '2026-11-01T02:05:00Z' }),
  );
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

// What any write would change: rows in every table a command writes, and the profile's version.
const written = async () =>
  h.sql(`select
    (select count(*)::int from idempotency_keys) as keys,
    (select count(*)::int from customer_notes) as notes,
    (select count(*)::int from points_ledger) as ledger,
    (select count(*)::int from revisits) as revisits,
    (select count(*)::int from surveys where answered_at is not null) as answers,
    (select count(*)::int from surveys) as surveys,
    (select count(*)::int from customer_contact_channels) as channels,
    (select count(*)::int from cs_outbox) as outbox,
    (select sum(version)::int from customer_profiles) as versions`);
let before: unknown;
beforeEach(async () => {
  before = await written();
});
afterEach(async () => {
  expect(await written(), 'nothing written').toEqual(before);
});

const page = (pageSize: number, pageToken = '') => ({ pageSize, pageToken });
const key = () => randomUUID();

describe('CustomersService rejects malformed requests naming each field', () => {
  it('GetCustomerProfile without a customer, or with one too long', async () => {
    expect(await rejectedFields(h.customers.getCustomerProfile({ customerId: '' }))).toEqual(['customer_id']);
    expect(await rejectedFields(h.customers.getCustomerProfile({ customerId: 'x'.repeat(201) }))).toEqual([
      'customer_id',
    ]);
  });

  it('GetCustomerTimeline with a page too large and a token from nowhere', async () => {
    expect(
      await rejectedFields(h.customers.getCustomerTimeline({ customerId: '', page: page(500, 'not-a-token') })),
    ).toEqual(['customer_id', 'page.page_size', 'page.page_token']);
  });

  it('UpdateCustomerProfile: bad tags, a group too long, an email that is not one, a channel without kind', async () => {
    const fields = await rejectedFields(
      h.customers.updateCustomerProfile({
        customerId,
        setTags: true,
        tags: ['ok', '', 'x'.repeat(31)],
        setGroup: true,
        group: '群'.repeat(51),
        setEmail: true,
        email: 'not-an-email',
        addContactChannels: [{ kind: ContactChannelKind.CONTACT_CHANNEL_KIND_UNSPECIFIED, address: '' }],
        expectedVersion: 0,
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual([
      'idempotency_key',
      'tags[1]',
      'tags[2]',
      'group',
      'email',
      'add_contact_channels[0].kind',
      'add_contact_channels[0].address',
    ]);
  });

  it('UpdateCustomerProfile that changes nothing', async () => {
    expect(
      await rejectedFields(
        h.customers.updateCustomerProfile({
          customerId,
          setTags: false,
          tags: [],
          setGroup: false,
          group: '',
          setEmail: false,
          email: '',
          addContactChannels: [],
          expectedVersion: 0,
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['set_tags']);
  });

  it('AddCustomerNote without customer, body or key; a body too long', async () => {
    expect(
      await rejectedFields(h.customers.addCustomerNote({ customerId: '', body: '  ', idempotencyKey: '' })),
    ).toEqual(['customer_id', 'body', 'idempotency_key']);
    expect(
      await rejectedFields(h.customers.addCustomerNote({ customerId, body: '长'.repeat(2001), idempotencyKey: key() })),
    ).toEqual(['body']);
  });
});

describe('LoyaltyService rejects malformed requests naming each field', () => {
  it('GetLoyaltyAccount and ListPointsLedger without a customer', async () => {
    expect(await rejectedFields(h.loyalty.getLoyaltyAccount({ customerId: '' }))).toEqual(['customer_id']);
    expect(await rejectedFields(h.loyalty.listPointsLedger({ customerId: '', page: page(-1) }))).toEqual([
      'customer_id',
      'page.page_size',
    ]);
  });

  it('AdjustPoints with a zero or huge delta, no reason, no key', async () => {
    expect(
      await rejectedFields(h.loyalty.adjustPoints({ customerId, delta: 0, reason: '', idempotencyKey: '' })),
    ).toEqual(['delta', 'reason', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.loyalty.adjustPoints({ customerId, delta: 5_000_000, reason: 'x', idempotencyKey: key() }),
      ),
    ).toEqual(['delta']);
  });
});

describe('RevisitsService rejects malformed requests naming each field', () => {
  it('ListRevisits with a customer id too long and a bad page', async () => {
    expect(
      await rejectedFields(
        h.revisits.listRevisits({
          dueBy: undefined,
          includeUpcoming: false,
          customerId: 'x'.repeat(201),
          page: page(201),
        }),
      ),
    ).toEqual(['customer_id', 'page.page_size']);
  });

  it('ScheduleRevisit without customer, due time, note or key; a due time years away', async () => {
    expect(
      await rejectedFields(
        h.revisits.scheduleRevisit({ customerId: '', dueAt: undefined, note: '', idempotencyKey: '' }),
      ),
    ).toEqual(['customer_id', 'due_at', 'note', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.revisits.scheduleRevisit({
          customerId,
          dueAt: { seconds: Math.floor(Date.now() / 1000) + 3 * 366 * 86_400, nanos: 0 },
          note: '回访',
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['due_at']);
  });

  it('RecordRevisitOutcome: a revisit id that is no UUID, no outcome; a new problem without its description', async () => {
    expect(
      await rejectedFields(
        h.revisits.recordRevisitOutcome({
          revisitId: 'r-1',
          outcome: RevisitOutcome.REVISIT_OUTCOME_UNSPECIFIED,
          note: '',
          newProblem: undefined,
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['revisit_id', 'outcome', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.revisits.recordRevisitOutcome({
          revisitId: randomUUID(),
          outcome: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
          note: '',
          newProblem: {
            route: NewProblemRoute.NEW_PROBLEM_ROUTE_UNSPECIFIED,
            description: '',
            orderId: '',
            caseKind: CaseKind.CASE_KIND_UNSPECIFIED,
          },
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['new_problem.route', 'new_problem.description']);
    expect(
      await rejectedFields(
        h.revisits.recordRevisitOutcome({
          revisitId: randomUUID(),
          outcome: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
          note: '',
          newProblem: {
            route: NewProblemRoute.NEW_PROBLEM_ROUTE_AFTERSALES_CASE,
            description: '坏了',
            orderId: '',
            caseKind: CaseKind.CASE_KIND_EXCHANGE,
          },
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['new_problem.order_id', 'new_problem.case_kind']);
    expect(
      await rejectedFields(
        h.revisits.recordRevisitOutcome({
          revisitId: randomUUID(),
          outcome: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
          note: '',
          newProblem: undefined,
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['new_problem']);
  });
});

describe('SurveysService rejects malformed requests naming each field', () => {
  it('ListCustomerSurveys without a customer', async () => {
    expect(await rejectedFields(h.surveys.listCustomerSurveys({ customerId: '' }))).toEqual(['customer_id']);
  });

  it('RecordSurveyAnswer with no survey, a score off every scale, a comment too long', async () => {
    expect(
      await rejectedFields(
        h.surveys.recordSurveyAnswer({ surveyId: '', score: 11, comment: '长'.repeat(2001), idempotencyKey: '' }),
      ),
    ).toEqual(['survey_id', 'score', 'comment', 'idempotency_key']);
  });

  it('RecordSurveyAnswer with an NPS-only score for a CSAT survey', async () => {
    const conversationId = newId('conv');
    await h.publishJson('cs.inquiry.conversation.opened', {
      conversationId,
      channel: 'CHANNEL_WECHAT',
      customer: { customerId, displayName: '' },
      openedAt: '2026-11-02T03:00:00Z',
      conversationVersion: '1',
    });
    await h.publishJson('cs.inquiry.conversation.closed', {
      conversationId,
      closedAt: '2026-11-02T03:30:00Z',
      conversationVersion: '2',
    });
    before = await written();
    const [survey] = await h.sql<{ survey_id: string }>('select survey_id from surveys where subject_id = ?', [
      conversationId,
    ]);
    expect(
      await rejectedFields(
        h.surveys.recordSurveyAnswer({ surveyId: survey!.survey_id, score: 0, comment: '', idempotencyKey: key() }),
      ),
    ).toEqual(['score']);
  });

  it('StartNpsRound with a bad round name, a sample of none, no key', async () => {
    expect(
      await rejectedFields(
        h.as(supervisor).surveys.startNpsRound({ round: '2026/12', sampleSize: 0, idempotencyKey: '' }),
      ),
    ).toEqual(['round', 'sample_size', 'idempotency_key']);
  });
});

describe('the HTTP mirror answers 400 naming the field', () => {
  it.each([
    ['/cs.care.v1.CustomersService/GetCustomerProfile', { customer_id: '' }, 'customer_id'],
    [
      '/cs.care.v1.CustomersService/GetCustomerTimeline',
      { customer_id: customerId, page: { page_size: 999 } },
      'page.page_size',
    ],
    [
      '/cs.care.v1.CustomersService/AddCustomerNote',
      { customer_id: customerId, body: '', idempotency_key: 'k' },
      'body',
    ],
    [
      '/cs.care.v1.LoyaltyService/AdjustPoints',
      { customer_id: customerId, delta: 0, reason: 'r', idempotency_key: 'k' },
      'delta',
    ],
    [
      '/cs.care.v1.RevisitsService/ScheduleRevisit',
      { customer_id: customerId, note: 'n', idempotency_key: 'k' },
      'due_at',
    ],
    [
      '/cs.care.v1.SurveysService/RecordSurveyAnswer',
      { survey_id: 'nope', score: 3, idempotency_key: 'k' },
      'survey_id',
    ],
    ['/cs.care.v1.SurveysService/StartNpsRound', { round: '', sample_size: 10, idempotency_key: 'k' }, 'round'],
  ])('%s', async (path, body, field) => {
    const reply = await h.http(path, body, path.endsWith('StartNpsRound') ? supervisor : undefined);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain(field);
  });

  it('a body that is not JSON', async () => {
    const reply = await h.http('/cs.care.v1.CustomersService/UpdateCustomerProfile', '{"customer_id": ');
    expect(reply.status).toBe(400);
  });
});

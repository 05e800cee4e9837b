import { randomUUID } from 'node:crypto';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { richErrorDetails } from '@cs/grpc';
import { expectStableAcrossInsert } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, listRequest, startAftersales } from './aftersales-fixture.js';

// Every paged list pages by keyset: a row that sorts ahead of the cursor, inserted between page 1 and
// page 2, neither repeats nor hides a row.
let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

const sql = (query: string, params: unknown[]) => h.sut.service.orm.em.fork().execute(query, params);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const buyer = () => JSON.stringify({ customerId: `buyer-${randomUUID().slice(0, 6)}`, displayName: '周七' });

describe('keyset paging of after-sales lists', () => {
  it('ListCases: a case opened between two pages (newest first) does not push a case onto page 2 again', async () => {
    const customer = { customerId: `buyer-${randomUUID().slice(0, 6)}`, displayName: '周七' };
    for (let i = 0; i < 3; i++) await h.open(CaseKind.CASE_KIND_REFUND_ONLY, { customer });
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.cases.listCases(
          listRequest({ customerId: customer.customerId, page: { pageSize: 2, pageToken } }),
        );
        return { ids: r.cases.map((c) => c.caseId), next: r.page!.nextPageToken };
      },
      () => h.open(CaseKind.CASE_KIND_REFUND_ONLY, { customer }),
    );
  });

  it('ListReviews: a newer review arriving between two pages', async () => {
    const insert = (minutes: number) =>
      sql(
        `insert into reviews (id, order_id, customer, rating, cause, text, reviewed_at, follow_up)
         values (?, ?, ?::jsonb, ?, 'REVIEW_CAUSE_LOGISTICS', '差评', ?, 'FOLLOW_UP_STATUS_OPEN')`,
        [randomUUID(), `TB${randomUUID().slice(0, 8)}`, buyer(), ReviewRating.REVIEW_RATING_BAD, minutesAgo(minutes)],
      );
    for (const minutes of [30, 20, 10]) await insert(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.reviews.listReviews({
          openFollowUpsOnly: true,
          rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
          page: { pageSize: 2, pageToken },
        });
        return { ids: r.reviews.map((x) => x.reviewId), next: r.page!.nextPageToken };
      },
      () => insert(1),
    );
  });

  it('ListChaseTasks: a task silent for longer than page 1 opened between two pages', async () => {
    const insert = (minutes: number) =>
      sql(
        `insert into chase_tasks (id, tracking_number, courier, order_id, customer, silent_since, status, parties,
           opened_at, resolution)
         values (?, ?, 'SF', ?, ?::jsonb, ?, 'CHASE_TASK_STATUS_OPEN', '[]', now(), 'CHASE_RESOLUTION_UNSPECIFIED')`,
        [randomUUID(), `SF${randomUUID().slice(0, 10)}`, `TB${randomUUID().slice(0, 8)}`, buyer(), minutesAgo(minutes)],
      );
    for (const minutes of [3000, 2000, 1000]) await insert(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.tracking.listChaseTasks({ page: { pageSize: 2, pageToken } });
        return { ids: r.tasks.map((t) => t.chaseTaskId), next: r.page!.nextPageToken };
      },
      () => insert(5000),
    );
  });

  it('ListDetailsChases: an older chase (late delivery) recorded between two pages', async () => {
    const insert = (minutes: number) =>
      sql(
        `insert into details_chases (id, conversation_id, customer, order_id, description, missing, status, opened_at)
         values (?, ?, ?::jsonb, ?, '坏了', '[]', 'DETAILS_CHASE_STATUS_OPEN', ?)`,
        [randomUUID(), randomUUID(), buyer(), `TB${randomUUID().slice(0, 8)}`, minutesAgo(minutes)],
      );
    for (const minutes of [30, 20, 10]) await insert(minutes);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.cases.listDetailsChases({ page: { pageSize: 2, pageToken } });
        return { ids: r.chases.map((c) => c.chaseId), next: r.page!.nextPageToken };
      },
      () => insert(60),
    );
  });

  it('a token that is not a cursor of that list (e.g. an old offset token) is INVALID_ARGUMENT on page.page_token', async () => {
    const offsetToken = Buffer.from('o:2').toString('base64url');
    const calls = [
      () => h.cases.listCases(listRequest({ page: { pageSize: 2, pageToken: offsetToken } })),
      () => h.tracking.listChaseTasks({ page: { pageSize: 2, pageToken: offsetToken } }),
      () => h.cases.listDetailsChases({ page: { pageSize: 2, pageToken: offsetToken } }),
      () =>
        h.reviews.listReviews({
          openFollowUpsOnly: false,
          rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
          page: { pageSize: 2, pageToken: offsetToken },
        }),
    ];
    for (const call of calls) {
      const error = await call().catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['page.page_token']);
    }
  });
});

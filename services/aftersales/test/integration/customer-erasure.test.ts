import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@cs/bus';
import { CaseKind, RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import { ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { ChaseParty, type ChaseTask } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { waitFor } from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED } from '../../src/domain/customer-personal-data.js';
import { type AftersalesHarness, cny, startAftersales } from './aftersales-fixture.js';
import { publishEvent } from './publish-event.js';

let h: AftersalesHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startAftersales({ AFTERSALES_CHASE_POLL_MS: '100', AFTERSALES_CHASE_STALE_AFTER_HOURS: '24' });
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

const erased = { customerId: `gone-${randomUUID().slice(0, 6)}`, displayName: '李四' };
const kept = { customerId: `kept-${randomUUID().slice(0, 6)}`, displayName: '周七' };
const ago = (hours: number) => ({ seconds: Math.floor(Date.now() / 1000) - hours * 3600, nanos: 0 });
const key = () => randomUUID();
const address = (name: string) => ({
  recipientName: name,
  phone: '13800000000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路 1 号',
  postalCode: '310000',
});

/** What a customer leaves in after-sales: a refunded case, a re-delivery, a chased parcel, a review. */
async function seed(customer: typeof erased): Promise<void> {
  const refund = (await h.cases.openCase(openFor(customer, CaseKind.CASE_KIND_REFUND_ONLY))).case!;
  await h.cases.approveCase({ caseId: refund.caseId, note: '', idempotencyKey: key() });
  await h.cases.recordRefund({
    caseId: refund.caseId,
    amount: cny(1999),
    method: RefundMethod.REFUND_METHOD_ALIPAY,
    transactionReference: `ALI-${customer.customerId}`,
    idempotencyKey: key(),
  });
  await h.cases.openCase({
    ...openFor(customer, CaseKind.CASE_KIND_INTERCEPT),
    redeliveryAddress: address(customer.displayName),
  });
  const trackingNumber = `SF-${customer.customerId}`;
  await h.platform.tracking.recordTrackingUpdate({
    courier: '顺丰',
    trackingNumber,
    orderId: `TB-${customer.customerId}`,
    customer,
    status: '运输中',
    occurredAt: ago(30),
    delivered: false,
  });
  const task = await waitFor(`chase task of ${trackingNumber}`, async () =>
    (await h.tracking.listChaseTasks({ page: undefined })).tasks.find(
      (t: ChaseTask) => t.shipment?.trackingNumber === trackingNumber,
    ),
  );
  for (const [party, contact, said] of [
    [ChaseParty.CHASE_PARTY_COURIER, '顺丰杭州网点', '已催派送'],
    [ChaseParty.CHASE_PARTY_CUSTOMER, customer.displayName, '客户说白天不在家，请晚上派送'],
  ] as const) {
    await h.tracking.recordChase({
      chaseTaskId: task.chaseTaskId,
      party,
      contact,
      said,
      chasedAt: undefined,
      idempotencyKey: key(),
    });
  }
  const reviewId = `R-${customer.customerId}`;
  await h.platform.reviews.recordReview({
    reviewId,
    orderId: `TB-${customer.customerId}`,
    customer,
    rating: ReviewRating.REVIEW_RATING_BAD,
    cause: ReviewCause.REVIEW_CAUSE_LOGISTICS,
    text: `${customer.displayName}：快递太慢了，电话 13800000000`,
    reviewedAt: ago(1),
  });
  await h.reviews.replyToReview({ reviewId, reply: '非常抱歉，已催快递', idempotencyKey: key() });
}

function openFor(customer: typeof erased, kind: CaseKind) {
  return {
    kind,
    customer,
    orderId: `TB-${customer.customerId}`,
    origin: undefined,
    reason: '客户申请售后',
    qualityProblem: false,
    parcelProblem: 'PARCEL_PROBLEM_UNSPECIFIED' as never,
    items: [],
    wantedItem: undefined,
    requestedAmount: cny(1999),
    extendReceiptDays: 0,
    redeliveryAddress: undefined,
    idempotencyKey: key(),
  };
}

/** Every row after-sales keeps about a customer, straight from the tables. */
async function rowsOf(customerId: string) {
  const em = h.sut.service.orm.em.fork();
  const of = (table: string) =>
    em.execute<Record<string, any>[]>(
      `select * from ${table} where customer->>'customerId' = ? order by ${table === 'shipments' ? 'tracking_number' : 'id'}`,
      [customerId],
    );
  const [storedOutcomes] = await em.execute<{ count: string }[]>(
    `select count(*) from idempotency_keys
     where jsonb_path_exists(outcome, ?::jsonpath, jsonb_build_object('id', ?::text))`,
    ['$.** ? (@.customerId == $id)', customerId],
  );
  return {
    cases: await of('aftersales_cases'),
    shipments: await of('shipments'),
    chaseTasks: await of('chase_tasks'),
    reviews: await of('reviews'),
    storedOutcomes: Number(storedOutcomes!.count),
  };
}

/** A row without the columns that may change on erasure: what reports count and sum. */
const facts = (row: Record<string, any>, ...personal: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([column]) => ![...personal, 'version'].includes(column)));

const erasureOf = (customerId: string) => ({
  erasureId: uuidv7(),
  customerId,
  requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
  requestedBy: 'admin-1',
});

describe('PIPL erasure (cs.care.customer.erasure_requested): the customer is forgotten, the figures stay', () => {
  it('anonymises the erased customer’s rows, leaves the other customer’s alone, and is idempotent', async () => {
    await seed(erased);
    await seed(kept);
    const before = { erased: await rowsOf(erased.customerId), kept: await rowsOf(kept.customerId) };
    const statsBefore = await h.reviews.getReviewStatistics({ from: ago(2), to: ago(0) });
    expect(before.erased.cases).toHaveLength(2);
    expect(before.erased.storedOutcomes).toBeGreaterThan(0);

    await publishEvent(h, nc, 'cs.care.customer.erasure_requested', erasureOf(erased.customerId), {
      aggregateId: erased.customerId,
    });
    const after = await rowsOf(erased.customerId);

    const gone = { customerId: erased.customerId, displayName: ERASED.name };
    expect(after.cases.map((c) => c.customer)).toEqual([gone, gone]);
    const redelivery = after.cases.find((c) => c.redelivery_address)!.redelivery_address;
    expect(redelivery).toEqual({ ...address('李四'), recipientName: ERASED.name, phone: '', street: ERASED.street });
    expect(after.cases.map((c) => facts(c, 'customer', 'redelivery_address'))).toEqual(
      before.erased.cases.map((c) => facts(c, 'customer', 'redelivery_address')),
    );
    expect(after.shipments.map((s) => s.customer)).toEqual([gone]);
    expect(after.shipments.map((s) => facts(s, 'customer'))).toEqual(
      before.erased.shipments.map((s) => facts(s, 'customer')),
    );
    const [task] = after.chaseTasks;
    expect(task!.customer).toEqual(gone);
    expect(task!.chases.map((c: any) => [c.party, c.contact, c.said])).toEqual([
      [ChaseParty.CHASE_PARTY_COURIER, '顺丰杭州网点', '已催派送'],
      [ChaseParty.CHASE_PARTY_CUSTOMER, ERASED.name, ERASED.text],
    ]);
    expect(facts(task!, 'customer', 'chases')).toEqual(facts(before.erased.chaseTasks[0]!, 'customer', 'chases'));
    const [review] = after.reviews;
    expect(review).toMatchObject({ customer: gone, text: ERASED.text, reply: '非常抱歉，已催快递' });
    expect(facts(review!, 'customer', 'text')).toEqual(facts(before.erased.reviews[0]!, 'customer', 'text'));
    expect(after.storedOutcomes).toBe(0);

    // The API shows the same, and the figures reports use did not move.
    const { case: shown } = await h.cases.getCase({ caseId: after.cases[0]!.id });
    expect(shown?.customer).toEqual(gone);
    expect(await h.reviews.getReviewStatistics({ from: ago(2), to: ago(0) })).toEqual(statsBefore);
    expect(await rowsOf(kept.customerId)).toEqual(before.kept);

    // Asked again (a new erasure request, a new event): nothing changes, not even a version.
    await publishEvent(h, nc, 'cs.care.customer.erasure_requested', erasureOf(erased.customerId), {
      aggregateId: erased.customerId,
    });
    expect(await rowsOf(erased.customerId)).toEqual(after);
  });
});

import { LifecycleStage, Tier } from '@cs/contracts/cs/care/v1/customer';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietHoursAround } from './campaigns-fixture.js';
import { type CareHarness, startCare } from './care-fixture.js';
import {
  aftersalesCase,
  caseClosed,
  complaintArchived,
  conversationClosed,
  conversationOpened,
  newId,
  orderCancelled,
  orderPlaced,
  stageReached,
} from './events.js';

let h: CareHarness;
beforeAll(async () => {
  // Silver from 300 yuan, so a tier change is within reach of a few orders.
  // Quiet hours away from now: a survey's message leaves at once, whatever the time of day.
  h = await startCare({ CARE_TIER_SILVER_FROM: '30000', CARE_QUIET_HOURS: quietHoursAround(new Date(), false) });
});
afterAll(() => h?.close());

const profileOf = async (customerId: string) => (await h.customers.getCustomerProfile({ customerId })).profile!;
const ledgerOf = (customerId: string) =>
  h.sql<{ delta: string; reason: string; balance_after: string }>(
    'select delta, reason, balance_after from points_ledger where customer_id = ? order by occurred_at, delta desc',
    [customerId],
  );
const timelineOf = async (customerId: string) =>
  (await h.customers.getCustomerTimeline({ customerId, page: { pageSize: 200, pageToken: '' } })).entries;

describe('the profile is built from the order desk, front line, after-sales and complaint events', () => {
  it('a paid order makes a first buyer with spend, last purchase, phone channel, points and a timeline entry', async () => {
    const customerId = newId('buyer');
    const orderId = newId('TB');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, orderId, 19_999, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    const profile = await profileOf(customerId);
    expect(profile).toMatchObject({
      customerId,
      displayName: '李四',
      phone: '13812345678',
      lifecycleStage: LifecycleStage.LIFECYCLE_STAGE_FIRST_BUYER,
      paidOrders: 1,
      totalSpend: { amountMinor: 19_999, currency: 'CNY' },
      lastPurchaseAt: { seconds: Date.parse('2026-11-01T02:05:00Z') / 1000, nanos: 0 },
      pointsBalance: 199,
    });
    expect(profile.contactChannels.map((c) => [c.kind, c.address])).toEqual([
      ['CONTACT_CHANNEL_KIND_PHONE', '13812345678'],
    ]);
    expect(await ledgerOf(customerId)).toEqual([{ delta: '199', reason: 'earned', balance_after: '199' }]);
    expect((await timelineOf(customerId)).map((e) => [e.refId, e.summary])).toEqual([
      [orderId, 'order placed, 199.99 CNY'],
    ]);
  });

  it('a second paid order makes a returning customer (回头客), issues the coupon and announces the tier change', async () => {
    const customerId = newId('buyer');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 20_000, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 15_000, { paidAt: '2026-11-09T02:05:00Z' }),
    );
    const profile = await profileOf(customerId);
    expect(profile.lifecycleStage).toBe(LifecycleStage.LIFECYCLE_STAGE_RETURNING);
    expect(profile.tier).toBe(Tier.TIER_SILVER);
    const tierChanged = await waitFor('tier changed event', () =>
      h.events.ofSubject('cs.care.customer.tier_changed').find((e) => e.data.customerId === customerId),
    );
    expect(tierChanged.data).toMatchObject({ fromTier: Tier.TIER_STANDARD, toTier: Tier.TIER_SILVER, basis: 'spend' });
    const coupon = await waitFor('coupon issued', () =>
      h.events.ofSubject('cs.care.coupon.issued').find((e) => e.data.customerId === customerId),
    );
    expect(coupon.data.programme).toBe('returning-customer');
    const account = (await h.loyalty.getLoyaltyAccount({ customerId })).account!;
    expect(account).toMatchObject({ tier: Tier.TIER_SILVER, pointsBalance: 350, extraDiscountBp: 200 });
    expect(account.coupons).toHaveLength(1);
  });

  it('replaying the same events changes nothing: no second ledger row, timeline entry, coupon or tier event', async () => {
    const customerId = newId('buyer');
    const first = orderPlaced(customerId, newId('TB'), 20_000, { paidAt: '2026-11-01T02:05:00Z' });
    const second = orderPlaced(customerId, newId('TB'), 20_000, { paidAt: '2026-11-02T02:05:00Z' });
    const ids = [
      await h.publishJson('cs.orders.order.placed', first),
      await h.publishJson('cs.orders.order.placed', second),
    ];
    const before = await profileOf(customerId);
    // Redelivered after a relay crash: same event ids, new NATS message ids (past the duplicate window).
    await h.publishJson('cs.orders.order.placed', first, { eventId: ids[0], msgId: newId('msg') });
    await h.publishJson('cs.orders.order.placed', second, { eventId: ids[1], msgId: newId('msg') });
    // And the same facts under new event ids (another producer replica): the per-source keys hold.
    await h.publishJson('cs.orders.order.placed', first);
    expect(await profileOf(customerId)).toEqual(before);
    expect(await ledgerOf(customerId)).toHaveLength(2);
    expect((await timelineOf(customerId)).map((e) => e.summary.split(',')[0]).sort()).toEqual([
      'coupon issued (returning-customer)',
      'order placed',
      'order placed',
      'tier standard → silver',
    ]);
    const [coupons] = await h.sql<{ n: number }>('select count(*)::int as n from coupons where customer_id = ?', [
      customerId,
    ]);
    expect(coupons).toEqual({ n: 1 });
  });

  it('events out of order (stages and cancellation before the placement) end in the same profile', async () => {
    const inOrder = newId('buyer');
    const outOfOrder = newId('buyer');
    const play = async (customerId: string, order: 'in' | 'out') => {
      const kept = newId('TB');
      const cancelled = newId('TB');
      const steps = [
        () =>
          h.publishJson(
            'cs.orders.order.placed',
            orderPlaced(customerId, kept, 30_000, { placedAt: '2026-11-01T02:00:00Z' }),
          ),
        () =>
          h.publishJson(
            'cs.orders.order.stage_reached',
            stageReached(kept, 'FULFILMENT_STAGE_PAID', '2026-11-01T02:10:00Z'),
          ),
        () =>
          h.publishJson(
            'cs.orders.order.stage_reached',
            stageReached(kept, 'FULFILMENT_STAGE_SHIPPED', '2026-11-02T09:00:00Z', 5),
          ),
        () =>
          h.publishJson(
            'cs.orders.order.placed',
            orderPlaced(customerId, cancelled, 50_000, { placedAt: '2026-11-03T02:00:00Z' }),
          ),
        () =>
          h.publishJson(
            'cs.orders.order.stage_reached',
            stageReached(cancelled, 'FULFILMENT_STAGE_PAID', '2026-11-03T02:10:00Z'),
          ),
        () => h.publishJson('cs.orders.order.cancelled', orderCancelled(cancelled)),
      ];
      for (const step of order === 'in' ? steps : [...steps].reverse()) await step();
    };
    await play(inOrder, 'in');
    await play(outOfOrder, 'out');
    const comparable = async (customerId: string) => {
      const { customerId: _id, version: _v, firstSeenAt: _f, contactChannels, ...rest } = await profileOf(customerId);
      return { ...rest, contactChannels: contactChannels.map((c) => ({ ...c, lastSeenAt: undefined })) };
    };
    const a = await comparable(inOrder);
    expect(a).toMatchObject({
      paidOrders: 1,
      totalSpend: { amountMinor: 30_000, currency: 'CNY' },
      lifecycleStage: LifecycleStage.LIFECYCLE_STAGE_FIRST_BUYER,
      pointsBalance: 300,
      tier: Tier.TIER_SILVER,
    });
    expect(await comparable(outOfOrder)).toEqual(a);
    // The order facts on the timeline are the same; a reward issued while both orders stood paid
    // (the in-order replay briefly had two) is not clawed back, so loyalty entries may differ.
    const orderFacts = async (customerId: string) =>
      (await timelineOf(customerId))
        .filter((e) => e.refKind === 'order')
        // A cancellation carries no time of its own (it is the event's time), so compare what happened.
        .map((e) => (e.summary.startsWith('order cancelled') ? e.summary : `${e.summary} @${e.occurredAt?.seconds}`))
        .sort();
    expect(await orderFacts(outOfOrder)).toEqual(await orderFacts(inOrder));
    expect(await orderFacts(inOrder)).toHaveLength(6);
  });

  it('a cancellation after payment reverses the earned points: two ledger rows, balance back to zero', async () => {
    const customerId = newId('buyer');
    const orderId = newId('TB');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, orderId, 12_300, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    await h.publishJson('cs.orders.order.cancelled', orderCancelled(orderId));
    expect(await ledgerOf(customerId)).toEqual([
      { delta: '123', reason: 'earned', balance_after: '123' },
      { delta: '-123', reason: 'reversed', balance_after: '0' },
    ]);
    const profile = await profileOf(customerId);
    expect(profile).toMatchObject({
      paidOrders: 0,
      pointsBalance: 0,
      lifecycleStage: LifecycleStage.LIFECYCLE_STAGE_PROSPECT,
    });
  });

  it('a refund in after-sales takes the order out of the spend and reverses its points', async () => {
    const customerId = newId('buyer');
    const orderId = newId('TB');
    const caseId = newId('case');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, orderId, 19_900, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    await h.publishJson('cs.aftersales.case.opened', { case: aftersalesCase(customerId, caseId, orderId) });
    await h.publishJson('cs.aftersales.case.refunded', {
      case: aftersalesCase(customerId, caseId, orderId, 'CASE_STATE_REFUNDED'),
    });
    const profile = await profileOf(customerId);
    expect(profile).toMatchObject({ paidOrders: 0, totalSpend: { amountMinor: 0 }, pointsBalance: 0 });
    expect((await ledgerOf(customerId)).map((r) => r.delta)).toEqual(['199', '-199']);
  });

  it('a closed case schedules its revisit and one CSAT survey; a re-delivered closing adds neither', async () => {
    const customerId = newId('buyer');
    const caseId = newId('case');
    const closing = caseClosed(customerId, caseId, newId('TB'), '2026-11-05T06:00:00Z');
    const eventId = await h.publishJson('cs.aftersales.case.closed', closing);
    await h.publishJson('cs.aftersales.case.closed', closing, { eventId, msgId: newId('msg') });
    await h.publishJson('cs.aftersales.case.closed', closing);
    const { revisits } = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: true,
      customerId,
      page: undefined,
    });
    expect(revisits.map((r) => [r.reason, r.sourceId, r.dueAt?.seconds])).toEqual([
      ['REVISIT_REASON_CASE_CLOSED', caseId, Date.parse('2026-11-08T06:00:00Z') / 1000],
    ]);
    const { surveys } = await h.surveys.listCustomerSurveys({ customerId });
    expect(surveys.map((s) => [s.kind, s.subjectKind, s.subjectId])).toEqual([['SURVEY_KIND_CSAT', 'case', caseId]]);
  });

  it('an archived complaint schedules a revisit at the time complaints named', async () => {
    const customerId = newId('buyer');
    const complaintId = newId('complaint');
    await h.publishJson(
      'cs.complaints.complaint.archived',
      complaintArchived(customerId, complaintId, '2026-11-06T01:00:00Z'),
    );
    const { revisits } = await h.revisits.listRevisits({
      dueBy: undefined,
      includeUpcoming: true,
      customerId,
      page: undefined,
    });
    expect(revisits).toHaveLength(1);
    expect(revisits[0]).toMatchObject({
      reason: 'REVISIT_REASON_COMPLAINT_ARCHIVED',
      sourceId: complaintId,
      dueAt: { seconds: Date.parse('2026-11-06T01:00:00Z') / 1000 },
      overdue: true,
    });
    await waitFor('revisit scheduled event', () =>
      h.events
        .ofSubject('cs.care.revisit.scheduled')
        .find((e) => (e.data.revisit as { customerId?: string } | undefined)?.customerId === customerId),
    );
  });

  it('a closed conversation gets one CSAT survey, even closed again after reopening, and even when the closing came first', async () => {
    const customerId = newId('buyer');
    const conversationId = newId('conv');
    await h.publishJson('cs.inquiry.conversation.opened', conversationOpened(customerId, conversationId));
    await h.publishJson(
      'cs.inquiry.conversation.closed',
      conversationClosed(conversationId, '2026-11-02T03:30:00Z', 4),
    );
    // Reopened and closed again: a new closing event of a later version.
    await h.publishJson(
      'cs.inquiry.conversation.closed',
      conversationClosed(conversationId, '2026-11-02T05:00:00Z', 7),
    );
    const latecomer = newId('buyer');
    const early = newId('conv');
    await h.publishJson('cs.inquiry.conversation.closed', conversationClosed(early));
    await h.publishJson('cs.inquiry.conversation.opened', conversationOpened(latecomer, early));
    const subjects = async (id: string) =>
      (await h.surveys.listCustomerSurveys({ customerId: id })).surveys.map((s) => [s.kind, s.subjectId]);
    expect(await subjects(customerId)).toEqual([['SURVEY_KIND_CSAT', conversationId]]);
    expect(await subjects(latecomer)).toEqual([['SURVEY_KIND_CSAT', early]]);
    const profile = await profileOf(customerId);
    expect(profile.lifecycleStage).toBe(LifecycleStage.LIFECYCLE_STAGE_PROSPECT);
    expect(profile.contactChannels.map((c) => c.kind)).toEqual(['CONTACT_CHANNEL_KIND_MARKETPLACE_IM']);
    const [asked] = (await h.surveys.listCustomerSurveys({ customerId: latecomer })).surveys;
    expect((await timelineOf(latecomer)).map((e) => e.summary)).toEqual([
      // The survey's message, back on IM where the buyer talked (sent now, so newest).
      `transactional im (survey:${asked?.surveyId})`,
      `CSAT survey sent (conversation ${early})`,
      'conversation closed',
      'conversation opened on marketplace_im',
    ]);
  });
});

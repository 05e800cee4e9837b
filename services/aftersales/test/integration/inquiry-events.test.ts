import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import {
  CaseKind,
  CaseState,
  DetailsChaseStatus,
  MissingDetail,
  OriginSource,
} from '@cs/contracts/cs/aftersales/v1/case';
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED } from '../../src/domain/customer-personal-data.js';
import { type AftersalesHarness, customer, listRequest, openRequest, startAftersales } from './aftersales-fixture.js';
import { publishEvent } from './publish-event.js';

let h: AftersalesHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startAftersales();
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

const SUBJECT = 'cs.inquiry.conversation.aftersales_requested';

function requested(description: string, orderId: string): EventPayload<typeof SUBJECT> {
  return {
    conversationId: `conv-${randomUUID()}`,
    customer,
    order: orderId ? { orderId } : undefined,
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    description,
    conversationVersion: 3,
  };
}

/** Published as inquiry's relay does; resolves once aftersales has acknowledged it (committed). */
const publish = (payload: EventPayload<typeof SUBJECT>, options: { eventId?: string; msgId?: string } = {}) =>
  publishEvent(h, nc, SUBJECT, payload, { ...options, aggregateId: payload.conversationId });
/** The same event again past JetStream's duplicate window (a new Nats-Msg-Id), as after a relay crash. */
const redeliver = (payload: EventPayload<typeof SUBJECT>, eventId: string) =>
  publish(payload, { eventId, msgId: `redelivery-${randomUUID()}` });

const casesOf = async (orderId: string) => (await h.cases.listCases(listRequest({ orderId }))).cases;
const openChaseOf = async (conversationId: string) =>
  (await h.cases.listDetailsChases({ page: { pageSize: 200, pageToken: '' } })).chases.filter(
    (c) => c.conversationId === conversationId,
  );

describe('a front-line after-sales request (cs.inquiry.conversation.aftersales_requested)', () => {
  it('with the order and a clear wish: opens the case once, whatever the bus delivers', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const event = requested('杯子收到就有裂纹，我要退货退款', orderId);
    const eventId = await publish(event);
    await redeliver(event, eventId);
    const cases = await casesOf(orderId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: CaseKind.CASE_KIND_RETURN_AND_REFUND,
      state: CaseState.CASE_STATE_REQUESTED,
      qualityProblem: true,
      customer,
      origin: { source: OriginSource.ORIGIN_SOURCE_INQUIRY, reference: event.conversationId },
    });
    // The customer's words stay in the conversation: a case's reason survives an erasure.
    expect(cases[0]?.reason).toContain(event.conversationId);
    expect(cases[0]?.reason).not.toContain('退货退款');
    expect(await openChaseOf(event.conversationId)).toEqual([]);
  });

  it('an exchange wish opens an exchange, a parcel that does not move a parcel-problem case', async () => {
    const exchangeOrder = `TB${randomUUID().slice(0, 8)}`;
    await publish(requested('尺码不对，能换个大一码的吗', exchangeOrder));
    expect((await casesOf(exchangeOrder)).map((c) => c.kind)).toEqual([CaseKind.CASE_KIND_EXCHANGE]);
    const parcelOrder = `TB${randomUUID().slice(0, 8)}`;
    await publish(requested('快递三天了还没物流，没有物流信息', parcelOrder));
    expect((await casesOf(parcelOrder)).map((c) => c.kind)).toEqual([CaseKind.CASE_KIND_PARCEL_PROBLEM]);
  });

  it('without the order: a chase for it, once; the agent opens the case for the conversation and the chase ends', async () => {
    const event = requested('我要退货', '');
    const eventId = await publish(event);
    await redeliver(event, eventId);
    const [chase, ...more] = await openChaseOf(event.conversationId);
    expect(more).toEqual([]);
    expect(chase).toMatchObject({
      customer,
      orderId: '',
      description: '我要退货',
      missing: [MissingDetail.MISSING_DETAIL_ORDER],
      status: DetailsChaseStatus.DETAILS_CHASE_STATUS_OPEN,
    });

    // The customer names the order; the agent opens the case for the conversation.
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const opened = await h.cases.openCase(
      openRequest(CaseKind.CASE_KIND_RETURN_AND_REFUND, {
        orderId,
        origin: { source: OriginSource.ORIGIN_SOURCE_INQUIRY, reference: event.conversationId },
      }),
    );
    expect(opened.case?.origin?.reference).toBe(event.conversationId);
    expect(await openChaseOf(event.conversationId)).toEqual([]);
  });

  it('with the order but no clear wish: a chase for what the customer wants, no case', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const event = requested('你好，在吗？订单有点问题', orderId);
    await publish(event);
    const [chase] = await openChaseOf(event.conversationId);
    expect(chase?.missing).toEqual([MissingDetail.MISSING_DETAIL_REQUEST_KIND]);
    expect(chase?.orderId).toBe(orderId);
    expect(await casesOf(orderId)).toEqual([]);
  });

  it('an erasure forgets the customer of a chase and their words', async () => {
    const who = { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '王小二' };
    const event = { ...requested('我家在文一路99号，东西坏了', ''), customer: who };
    await publish(event);
    await publishEvent(
      h,
      nc,
      'cs.care.customer.erasure_requested',
      {
        erasureId: randomUUID(),
        customerId: who.customerId,
        requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
        requestedBy: 'admin-1',
      },
      { aggregateId: who.customerId },
    );
    const [chase] = await openChaseOf(event.conversationId);
    expect(chase?.customer).toEqual({ customerId: who.customerId, displayName: ERASED.name });
    expect(chase?.description).toBe(ERASED.text);
  });
});

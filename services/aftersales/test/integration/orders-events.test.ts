import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { CaseKind, CaseState, InspectionOutcome, OriginSource } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason, RefundReason } from '@cs/contracts/cs/orders/v1/events';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, cny, customer, listRequest, startAftersales } from './aftersales-fixture.js';
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

type OrdersSubject = 'cs.orders.order.refund_requested' | 'cs.orders.order.handed_to_aftersales';

/** Publishes an orders event as the orders relay does and waits until aftersales acknowledged it. */
function publishFromOrders<S extends OrdersSubject>(
  subject: S,
  payload: EventPayload<S>,
  { eventId, msgId, orderId = '' }: { eventId?: string; msgId?: string; orderId?: string } = {},
): Promise<string> {
  return publishEvent(h, nc, subject, payload, { eventId, msgId, aggregateId: orderId });
}

const casesOf = async (orderId: string) => (await h.cases.listCases(listRequest({ orderId }))).cases;

function refundRequested(orderId: string): EventPayload<'cs.orders.order.refund_requested'> {
  return {
    orderId,
    customer,
    amount: cny(3998),
    reason: RefundReason.REFUND_REASON_CANCELLED_AFTER_PAYMENT,
    stageAtCancellation: FulfilmentStage.FULFILMENT_STAGE_PACKED,
    requestedBy: { agentId: 'agent-7', name: '张三' },
    orderVersion: 5,
  };
}

/** The line the customer bought, as orders puts it on an attribute-change hand-over. */
const boughtTee = { sku: 'TEE-M', title: 'T恤 M', quantity: 2, unitPrice: cny(5900), attributes: {} };
/** What the customer asked for instead: another SKU, same quantity and price. */
const wantedTee = { ...boughtTee, sku: 'TEE-L', title: 'T恤 L' };

function handedOver(orderId: string, reason: HandOverReason): EventPayload<'cs.orders.order.handed_to_aftersales'> {
  const attributeChange = reason === HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE;
  return {
    orderId,
    reason,
    customer,
    requestedAddress:
      reason === HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE
        ? {
            recipientName: '李四',
            phone: '13900002222',
            province: '浙江省',
            city: '杭州市',
            district: '西湖区',
            street: '文一路99号',
            postalCode: '310000',
          }
        : undefined,
    requestedBy: { agentId: 'agent-7', name: '张三' },
    orderVersion: 5,
    boughtItem: attributeChange ? boughtTee : undefined,
    wantedItem: attributeChange ? wantedTee : undefined,
  };
}

describe('orders events open cases automatically, once per event', () => {
  it('a refund request opens a refund case; delivered twice, it is still one case', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const eventId = await publishFromOrders('cs.orders.order.refund_requested', refundRequested(orderId), { orderId });
    // The same event again past JetStream's duplicate window (a new Nats-Msg-Id), as after a relay crash.
    await publishFromOrders('cs.orders.order.refund_requested', refundRequested(orderId), {
      eventId,
      msgId: `redelivery-${randomUUID()}`,
      orderId,
    });
    const cases = await casesOf(orderId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: CaseKind.CASE_KIND_REFUND_ONLY,
      state: CaseState.CASE_STATE_REQUESTED,
      customer,
      requestedAmount: cny(3998),
      origin: { source: OriginSource.ORIGIN_SOURCE_ORDERS, reference: eventId },
      openedBy: { agentId: 'agent-7', name: '张三' },
    });
    await waitFor('the opened event', () =>
      h.events.ofSubject('cs.aftersales.case.opened').some((e) => e.headers['ce-subject'] === cases[0]!.caseId),
    );
    expect(
      h.events.ofSubject('cs.aftersales.case.opened').filter((e) => e.headers['ce-subject'] === cases[0]!.caseId),
    ).toHaveLength(1);
  });

  it('the same refund request re-published under a new event id still opens no second case', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await publishFromOrders('cs.orders.order.refund_requested', refundRequested(orderId), { orderId });
    await publishFromOrders('cs.orders.order.refund_requested', refundRequested(orderId), { orderId });
    expect(await casesOf(orderId)).toHaveLength(1);
  });

  it('a cancellation after shipping opens an intercept case', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await publishFromOrders(
      'cs.orders.order.handed_to_aftersales',
      handedOver(orderId, HandOverReason.HAND_OVER_REASON_CANCELLATION),
      { orderId },
    );
    const [kase] = await casesOf(orderId);
    expect(kase).toMatchObject({ kind: CaseKind.CASE_KIND_INTERCEPT, state: CaseState.CASE_STATE_REQUESTED });
  });

  it('an address change after shipping opens an intercept case carrying the new address', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await publishFromOrders(
      'cs.orders.order.handed_to_aftersales',
      handedOver(orderId, HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE),
      { orderId },
    );
    const [kase] = await casesOf(orderId);
    expect(kase?.kind).toBe(CaseKind.CASE_KIND_INTERCEPT);
    expect(kase?.redeliveryAddress?.street).toBe('文一路99号');
  });

  it('an attribute change after shipping opens an exchange case; delivered twice, one case', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    const payload = handedOver(orderId, HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE);
    const eventId = await publishFromOrders('cs.orders.order.handed_to_aftersales', payload, { orderId });
    await publishFromOrders('cs.orders.order.handed_to_aftersales', payload, {
      eventId,
      msgId: `redelivery-${randomUUID()}`,
      orderId,
    });
    const cases = await casesOf(orderId);
    expect(cases.map((c) => c.kind)).toEqual([CaseKind.CASE_KIND_EXCHANGE]);
  });

  // An exchange needs what comes back (the bought line) and what goes out (the wanted item): both come from the event.
  it('an attribute change after shipping opens the exchange with the bought line as its item and the wanted item asked for', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await publishFromOrders(
      'cs.orders.order.handed_to_aftersales',
      handedOver(orderId, HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE),
      { orderId },
    );
    const [exchange] = await casesOf(orderId);
    expect(exchange?.kind).toBe(CaseKind.CASE_KIND_EXCHANGE);
    expect(exchange?.items).toEqual([{ sku: 'TEE-M', title: 'T恤 M', quantity: 2, attributes: {} }]);
    expect(exchange?.wantedItem).toEqual({ sku: 'TEE-L', title: 'T恤 L', quantity: 2, attributes: {} });
    const opened = await waitFor('the opened event', () =>
      h.events.ofSubject('cs.aftersales.case.opened').find((e) => e.headers['ce-subject'] === exchange!.caseId),
    );
    expect(opened.data.case).toMatchObject({
      items: [{ sku: 'TEE-M', quantity: 2 }],
      wantedItem: { sku: 'TEE-L', quantity: 2 },
    });
  });

  it('an exchange handed over without its lines (an event from before they existed) opens with none; the wanted item is set until the replacement ships', async () => {
    const orderId = `TB${randomUUID().slice(0, 8)}`;
    await publishFromOrders(
      'cs.orders.order.handed_to_aftersales',
      {
        ...handedOver(orderId, HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE),
        boughtItem: undefined,
        wantedItem: undefined,
      },
      { orderId },
    );
    const [exchange] = await casesOf(orderId);
    expect(exchange!.kind).toBe(CaseKind.CASE_KIND_EXCHANGE);
    expect(exchange!.items).toEqual([]);
    expect(exchange!.wantedItem).toBeUndefined();
    const step = { caseId: exchange!.caseId };
    const wantedItem = { sku: 'TEE-L', title: 'T恤 L', quantity: 0, attributes: { 尺码: 'L' } };

    const bad = await h.cases
      .setWantedItem({
        ...step,
        wantedItem: { sku: '', title: '', quantity: -1, attributes: { 颜色: '' } },
        idempotencyKey: '',
      })
      .catch((e) => e);
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(bad.metadata).fieldViolations.map((v) => v.field)).toEqual([
      'idempotency_key',
      'wanted_item.sku',
      'wanted_item.quantity',
      'wanted_item.attributes[颜色]',
    ]);
    expect((await h.cases.getCase({ caseId: exchange!.caseId })).case?.version).toBe(exchange!.version);

    const request = { ...step, wantedItem, idempotencyKey: randomUUID() };
    const set = await h.cases.setWantedItem(request);
    expect(set.case?.wantedItem).toEqual({ ...wantedItem, quantity: 1 });
    expect(await h.cases.setWantedItem(request)).toEqual(set);
    await waitFor('advanced event', () =>
      h.events
        .ofSubject('cs.aftersales.case.advanced')
        .find((e) => e.headers['ce-subject'] === exchange!.caseId && e.data.action === 'set-wanted-item'),
    );

    const key = () => ({ idempotencyKey: randomUUID() });
    await h.cases.approveCase({ ...step, note: '', ...key() });
    await h.cases.registerReturnWaybill({ ...step, courier: '圆通', trackingNumber: 'YT7', ...key() });
    await h.cases.inspectReturnedGoods({
      ...step,
      undamaged: true,
      packagingComplete: true,
      resellable: true,
      failedOutcome: InspectionOutcome.INSPECTION_OUTCOME_UNSPECIFIED,
      note: '',
      ...key(),
    });
    await h.cases.shipToCustomer({ ...step, courier: '顺丰', trackingNumber: 'SF7', ...key() });
    const late = await h.cases
      .setWantedItem({ ...step, wantedItem: { ...wantedItem, sku: 'TEE-XL' }, ...key() })
      .catch((e) => e);
    expect(late.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(late.metadata).reason).toBe('aftersales.exchange.wanted-item-before-shipping');
  });
});

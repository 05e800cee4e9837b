import { randomUUID } from 'node:crypto';
import { FulfilmentStage, RemarkFlag, SpecialRequestKind } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agent,
  as,
  confirmation,
  frontLine,
  newAddress,
  type OrdersHarness,
  startOrders,
  supervisor,
} from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  // Reminders every 100 ms so the test waits on the condition, not on minutes.
  h = await startOrders({ ORDERS_SCHEDULER_POLL_MS: '100', ORDERS_PAYMENT_REMINDER_AFTER_MINUTES: '30' });
});
afterAll(() => h?.close());

const seconds = (date: Date) => ({ seconds: Math.floor(date.getTime() / 1000), nanos: 0 });
const eventFor = (subject: string, orderId: string) =>
  waitFor(`${subject} for ${orderId}`, () => h.events.ofSubject(subject).find((e) => e.data.orderId === orderId));

describe('special requests and the sales-attribution flag', () => {
  it('a greeting card is remarked, confirmed, and passed to the printing desk as a task', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const response = await h.grpc.recordSpecialRequest({
      orderId,
      request: { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_GREETING_CARD, detail: '生日快乐' },
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
    expect(response.remark?.text).toMatch(/^客户要求附贺卡，贺卡内容：生日快乐---\d{4}\.\d{2}\.\d{2} 张三$/);
    expect(response.remark?.flag).toBe(RemarkFlag.REMARK_FLAG_RED);
    expect(response.tasks.map((t) => [t.desk, t.kind])).toEqual([['DESK_PRINTING', 'DESK_TASK_KIND_SPECIAL_REQUEST']]);
    expect(response.change?.specialRequest?.detail).toBe('生日快乐');
    await eventFor('cs.orders.order.special_request_recorded', orderId);
  });

  it('a special request for a shipped order is refused naming the rule', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    const error = await h.grpc
      .recordSpecialRequest({
        orderId,
        request: { kind: SpecialRequestKind.SPECIAL_REQUEST_KIND_COURIER, detail: '顺丰' },
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(richErrorDetails(error.metadata).reason).toBe('order-desk.special-request-too-late-once-shipped');
  });

  it('the sale is marked with a blue flag for commission, once', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    // The front-line agent who made the sale marks it for themselves.
    const seller = { agentId: 'f-2', name: '王五' };
    const first = await h.grpc.attributeSale(
      { orderId, salesAgent: seller, idempotencyKey: randomUUID() },
      await as(frontLine),
    );
    expect(first.remark).toMatchObject({
      flag: RemarkFlag.REMARK_FLAG_BLUE,
      kind: 'REMARK_KIND_SALES_ATTRIBUTION',
      author: seller,
    });
    expect(first.remark?.text).toMatch(/^销售：王五---\d{4}\.\d{2}\.\d{2} 王五$/);
    const other = await h.grpc
      .attributeSale({ orderId, salesAgent: agent, idempotencyKey: randomUUID() }, await as(supervisor))
      .catch((e) => e);
    expect(richErrorDetails(other.metadata).reason).toBe('order-desk.sale-already-attributed');
    await eventFor('cs.orders.order.sale_attributed', orderId);
  });

  it("crediting a colleague's sale: refused for a front-line agent, done by a supervisor who signs the remark", async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const colleague = { agentId: 'f-8', name: '钱七' };
    const refused = await h.grpc
      .attributeSale({ orderId, salesAgent: colleague, idempotencyKey: randomUUID() }, await as(frontLine))
      .catch((e) => e);
    expect(refused.code).toBe(status.PERMISSION_DENIED);
    expect(refused.details).toContain('order-desk.only-supervisors-credit-another-agent');
    expect((await h.grpc.getOrder({ orderId })).order?.remarks).toEqual([]);

    const credited = await h.grpc.attributeSale(
      { orderId, salesAgent: colleague, idempotencyKey: randomUUID() },
      await as(supervisor),
    );
    expect(credited.remark?.text).toMatch(/^销售：钱七---\d{4}\.\d{2}\.\d{2} 孙主管$/);
    expect(credited.remark?.author).toEqual({ agentId: 's-1', name: '孙主管' });
    const event = await eventFor('cs.orders.order.sale_attributed', orderId);
    expect(event.data.salesAgent).toEqual(colleague);
  });
});

describe('queries', () => {
  it('an order with its full history (facts, changes, remarks, tasks), paged', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    await h.grpc.changeAddress({
      orderId,
      newAddress,
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
    const entries = [];
    let pageToken = '';
    do {
      const page = await h.grpc.getOrderHistory({ orderId, page: { pageSize: 2, pageToken } });
      entries.push(...page.entries);
      pageToken = page.page?.nextPageToken ?? '';
    } while (pageToken);
    const kinds = entries.map((e) => (e.fact ? 'fact' : e.change ? 'change' : e.remark ? 'remark' : 'task'));
    expect(kinds.filter((k) => k === 'fact')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'change')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'remark')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'task')).toHaveLength(2);
    expect(entries[0]?.fact?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PLACED);
  });

  it('a customer’s orders, newest first, paged', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const older = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID, {
      customerId,
      placedAt: new Date(Date.now() - 3_600_000),
    });
    const newer = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID, { customerId });
    const first = await h.grpc.listCustomerOrders({ customerId, page: { pageSize: 1, pageToken: '' } });
    expect(first.orders.map((o) => o.orderId)).toEqual([newer]);
    const second = await h.grpc.listCustomerOrders({
      customerId,
      page: { pageSize: 1, pageToken: first.page!.nextPageToken },
    });
    expect(second.orders.map((o) => o.orderId)).toEqual([older]);
    expect(second.page?.nextPageToken).toBe('');
  });
});

describe('stock and the shipping promise', () => {
  it('a listed SKU dropping below 10 units raises the alert once, again only after it recovered', async () => {
    const sku = `SKU-${randomUUID()}`;
    const report = (units: number, minute: number) =>
      h.stock.recordStockLevel({ sku, units, reportedAt: seconds(new Date(Date.UTC(2026, 10, 22, 3, minute))) });
    await report(20, 1);
    await report(8, 2);
    await report(5, 3);
    const alerts = () => h.events.ofSubject('cs.orders.stock.low_stock_alert_raised').filter((e) => e.data.sku === sku);
    await waitFor('the first alert', () => alerts().length === 1 || undefined);
    await report(30, 4);
    const level = await report(2, 5);
    expect(level.stockLevel).toMatchObject({ units: 2, lowStockAlerted: true });
    await waitFor('the second alert', () => alerts().length === 2 || undefined);
    expect(alerts().map((e) => e.data.units)).toEqual([8, 2]);
  });

  it('in stock and paid before 16:00 shop time ships today; out of stock the next day; urgent needs the warehouse', async () => {
    const sku = `SKU-${randomUUID()}`;
    await h.stock.recordStockLevel({ sku, units: 50, reportedAt: seconds(new Date()) });
    const morning = seconds(new Date('2026-11-22T02:00:00Z')); // 10:00 in Shanghai
    expect(await h.stock.promiseShipDate({ orderId: '', sku, paidAt: morning, urgent: false })).toMatchObject({
      shipDate: '2026-11-22',
      inStock: true,
      warehouseMustConfirm: false,
    });
    const outOfStock = await h.stock.promiseShipDate({
      orderId: '',
      sku: 'UNKNOWN-SKU',
      paidAt: morning,
      urgent: true,
    });
    expect(outOfStock).toMatchObject({ shipDate: '2026-11-23', inStock: false, warehouseMustConfirm: true });
    const viaHttp = await h.http('/cs.orders.v1.StockService/PromiseShipDate', {
      sku,
      paid_at: '2026-11-22T09:00:00Z', // 17:00 in Shanghai
    });
    expect(viaHttp.body).toMatchObject({ shipDate: '2026-11-23', inStock: true });
  });
});

describe('payment reminders (催付)', () => {
  it('an order unpaid after the delay produces one payment-reminder event for the front line', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED, {
      placedAt: new Date(Date.now() - 31 * 60_000),
    });
    const reminder = await eventFor('cs.orders.order.payment_reminder_due', orderId);
    expect(reminder.data.customer).toMatchObject({ customerId: 'buyer-1' });
    const rows = await h.sut.service.orm.em
      .fork()
      .execute('select status from payment_reminders where order_id = ?', [orderId]);
    expect(rows).toEqual([{ status: 'sent' }]);
  });

  it('paying cancels it', async () => {
    // Due in five minutes: the payment lands first however slowly the machine runs (a reminder
    // already due could be sent by the scheduler between the placement and the payment).
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PAID, {
      placedAt: new Date(Date.now() - 25 * 60_000),
    });
    const rows = await h.sut.service.orm.em
      .fork()
      .execute('select status from payment_reminders where order_id = ?', [orderId]);
    expect(rows).toEqual([{ status: 'cancelled' }]);
    expect(h.events.ofSubject('cs.orders.order.payment_reminder_due').some((e) => e.data.orderId === orderId)).toBe(
      false,
    );
  });

  it('an order placed just now is not reminded yet', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED);
    const rows = await h.sut.service.orm.em
      .fork()
      .execute('select status from payment_reminders where order_id = ?', [orderId]);
    expect(rows).toEqual([{ status: 'pending' }]);
  });
});

describe('the bank-transfer ledger', () => {
  it('a registered transfer is listed unmatched until matched; the order then moves on as paid', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED);
    const reference = `BANK-${randomUUID()}`;
    const request = {
      payerName: '李四',
      amount: { amountMinor: 3998, currency: 'CNY' },
      transferredAt: seconds(new Date()),
      reference,
      orderId: '',
    };
    const { transfer } = await h.transfers.registerBankTransfer(request);
    expect(transfer?.registeredBy).toEqual(agent);
    expect((await h.transfers.registerBankTransfer(request)).transfer?.transferId).toBe(transfer?.transferId);
    const unmatched = await h.transfers.listUnmatchedBankTransfers({ page: { pageSize: 200, pageToken: '' } });
    expect(unmatched.transfers.map((t) => t.reference)).toContain(reference);

    const matched = await h.transfers.matchBankTransfer({ transferId: transfer!.transferId, orderId });
    expect(matched.order?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PAID);
    expect(matched.transfer?.orderId).toBe(orderId);
    await eventFor('cs.orders.order.stage_reached', orderId);
    const after = await h.transfers.listUnmatchedBankTransfers({ page: undefined });
    expect(after.transfers.map((t) => t.reference)).not.toContain(reference);
    const reminder = await h.sut.service.orm.em
      .fork()
      .execute('select status from payment_reminders where order_id = ?', [orderId]);
    expect(reminder).toEqual([{ status: 'cancelled' }]);
  });

  it('a transfer that does not cover the order is refused naming the rule, and stays unmatched', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PLACED);
    const error = await h.transfers
      .registerBankTransfer({
        payerName: '李四',
        amount: { amountMinor: 100, currency: 'CNY' },
        transferredAt: seconds(new Date()),
        reference: `BANK-${randomUUID()}`,
        orderId,
      })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('bank-transfer.amount-differs-from-order');
    const { order } = await h.grpc.getOrder({ orderId });
    expect(order?.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PLACED);
  });

  it('the same reference with different facts is ALREADY_EXISTS', async () => {
    const reference = `BANK-${randomUUID()}`;
    const base = {
      payerName: '李四',
      amount: { amountMinor: 100, currency: 'CNY' },
      transferredAt: seconds(new Date()),
      reference,
      orderId: '',
    };
    await h.transfers.registerBankTransfer(base);
    const error = await h.transfers.registerBankTransfer({ ...base, payerName: '王五' }).catch((e) => e);
    expect(error.code).toBe(status.ALREADY_EXISTS);
  });
});

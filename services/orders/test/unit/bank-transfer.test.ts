import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { BankTransfer } from '../../src/domain/bank-transfer.entity.js';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { Order } from '../../src/domain/order.aggregate.js';
import { paymentReminderDueAt, stillAwaitsPayment } from '../../src/domain/payment-reminder.rule.js';

const at = new Date('2026-11-22T03:00:00Z');
const agent = { agentId: 'a-1', name: '张三' };
const unpaidOrder = () =>
  Object.assign(
    Order.place({
      id: 'TB9',
      customer: { customerId: 'b', displayName: '' },
      items: [],
      address: {} as never,
      total: { amountMinor: 5000, currency: 'CNY' },
      placedAt: at,
    }),
    { version: 1 },
  );
const transfer = (amountMinor = 5000) =>
  BankTransfer.register(
    { payerName: '李四', amount: { amountMinor, currency: 'CNY' }, transferredAt: at, reference: 'R1' },
    agent,
    at,
  );
const ruleOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return (error as RuleViolation).rule;
  }
};

describe('bank-transfer ledger (银行转账明细表)', () => {
  it('a matched transfer moves its order on as paid, at the time of the transfer', () => {
    const order = unpaidOrder();
    expect(transfer().matchTo(order, at)).toBe(true);
    expect(order.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PAID);
    expect(order.paidAt).toEqual(at);
  });

  it('the amount must be the order’s total', () => {
    expect(ruleOf(() => transfer(4999).matchTo(unpaidOrder(), at))).toBe('bank-transfer.amount-differs-from-order');
  });

  it('a transfer pays one order; matching it to the same order again changes nothing', () => {
    const t = transfer();
    const order = unpaidOrder();
    t.matchTo(order, at);
    expect(t.matchTo(order, at)).toBe(false);
    expect(ruleOf(() => t.matchTo(Object.assign(unpaidOrder(), { id: 'TB10' }), at))).toBe(
      'bank-transfer.already-matched',
    );
  });

  it('an order already paid is not paid twice', () => {
    const order = unpaidOrder();
    order.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, at);
    expect(ruleOf(() => transfer().matchTo(order, at))).toBe('bank-transfer.order-already-paid');
    expect(() => transfer().matchTo(order, at)).toThrow(RuleViolation);
  });
});

describe('payment reminder (催付)', () => {
  it('is due the configured delay after the order was placed', () => {
    expect(paymentReminderDueAt(at, 30)).toEqual(new Date('2026-11-22T03:30:00Z'));
  });

  it('paying or cancelling the order cancels it', () => {
    const order = unpaidOrder();
    expect(stillAwaitsPayment(order)).toBe(true);
    order.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, at);
    expect(stillAwaitsPayment(order)).toBe(false);
    expect(stillAwaitsPayment(Object.assign(unpaidOrder(), { cancelledAt: at }))).toBe(false);
  });
});

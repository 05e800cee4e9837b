import { randomUUID } from 'node:crypto';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { RuleViolation } from '@cs/errors';
import { ERASED } from './customer-erasure.js';
import { FulfilmentStage } from './fulfilment-stage.js';
import type { Order } from './order.aggregate.js';

export const TRANSFER_ALREADY_MATCHED_RULE = 'bank-transfer.already-matched';
export const TRANSFER_AMOUNT_RULE = 'bank-transfer.amount-differs-from-order';
export const ORDER_ALREADY_PAID_RULE = 'bank-transfer.order-already-paid';

/** A line of the bank-transfer ledger (银行转账明细表). */
export class BankTransfer {
  id!: string;
  payerName!: string;
  amount!: Money;
  transferredAt!: Date;
  reference!: string;
  orderId?: string | null;
  matchedAt?: Date | null;
  registeredBy!: AgentRef;
  registeredAt!: Date;
  version!: number;

  static register(
    facts: { payerName: string; amount: Money; transferredAt: Date; reference: string },
    agent: AgentRef,
    at: Date,
  ): BankTransfer {
    return Object.assign(new BankTransfer(), {
      id: randomUUID(),
      ...facts,
      orderId: null,
      matchedAt: null,
      registeredBy: agent,
      registeredAt: at,
    });
  }

  /** The transfer paid an order of a customer who asked to be forgotten: the payer's name goes. */
  erasePayer(): void {
    this.payerName = ERASED;
  }

  /** The same transfer registered again (same reference): identical facts, or it is a different transfer. */
  sameFactsAs(facts: { payerName: string; amount: Money; transferredAt: Date }): boolean {
    return (
      this.payerName === facts.payerName &&
      this.amount.amountMinor === facts.amount.amountMinor &&
      this.amount.currency === facts.amount.currency &&
      this.transferredAt.getTime() === facts.transferredAt.getTime()
    );
  }

  /**
   * Tracks the transfer to its order (跟踪订单): the amount must be the order's total and the
   * order unpaid; the order then moves on as paid. Matching it to the same order again changes
   * nothing (false).
   */
  matchTo(order: Order, at: Date): boolean {
    if (this.orderId === order.id) return false;
    if (this.orderId) {
      throw new RuleViolation(
        TRANSFER_ALREADY_MATCHED_RULE,
        `transfer ${this.reference} already pays order ${this.orderId}`,
      );
    }
    if (this.amount.amountMinor !== order.total.amountMinor || this.amount.currency !== order.total.currency) {
      throw new RuleViolation(
        TRANSFER_AMOUNT_RULE,
        `transfer ${this.reference} is ${this.amount.amountMinor} ${this.amount.currency}, order ${order.id} totals ${order.total.amountMinor} ${order.total.currency}`,
      );
    }
    if (order.isPaid()) throw new RuleViolation(ORDER_ALREADY_PAID_RULE, `order ${order.id} is already paid`);
    this.orderId = order.id;
    this.matchedAt = at;
    order.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, this.transferredAt);
    return true;
  }
}

import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import {
  type Address,
  ChangeKind,
  type OrderItem,
  RemarkKind,
  type SpecialRequest,
} from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { checkNoDuplicateSku, itemText, type WantedItem } from './attribute-change.rule.js';
import { cancellationWording } from './cancellation-wording.js';
import { erasedAddress, erasedCustomer, erasedRemark } from './customer-erasure.js';
import { DeskTask } from './desk-task.entity.js';
import { FulfilmentStage, stageRank } from './fulfilment-stage.js';
import {
  type ChangeHandling,
  changeHandling,
  type RefundMoment,
  SHIPPED_ORDER_CHANGE_RULE,
} from './fulfilment-stage-table.rule.js';
import { type ChangeContext, OrderChange } from './order-change.entity.js';
import {
  addressChangeRemark,
  attributeChangeRemark,
  cancellationRemark,
  type OrderRemark,
  salesAttributionRemark,
  specialRequestRemark,
} from './remark.js';
import { specialRequestText } from './special-request.js';

export type { WantedItem };

export interface PlacedOrderFacts {
  id: string;
  customer: CustomerRef;
  items: OrderItem[];
  address: Address;
  total: Money;
  placedAt: Date;
}

/** What a change request did: the change, its remark, and the tasks it opened (in order). */
export interface ChangeDecision {
  change: OrderChange;
  remark: OrderRemark;
  tasks: DeskTask[];
}
export interface AddressChangeDecision extends ChangeDecision {
  previousAddress: Address;
}
export interface AttributeChangeDecision extends ChangeDecision {
  previousItems: OrderItem[];
}
export interface CancellationDecision extends ChangeDecision {
  stageAtCancellation: FulfilmentStage;
  voided: boolean;
  /** Set when the order was paid: after-sales refunds this amount. */
  refund?: Money;
  /** When the refund is asked for: now, or once the warehouse has restocked the goods (packed orders). */
  refundWhen?: RefundMoment;
}

type ReportableStage = Exclude<
  FulfilmentStage,
  FulfilmentStage.FULFILMENT_STAGE_UNSPECIFIED | FulfilmentStage.FULFILMENT_STAGE_PLACED
>;

const stageTimestamp = {
  [FulfilmentStage.FULFILMENT_STAGE_PAID]: 'paidAt',
  [FulfilmentStage.FULFILMENT_STAGE_PRINTED]: 'printedAt',
  [FulfilmentStage.FULFILMENT_STAGE_PACKED]: 'packedAt',
  [FulfilmentStage.FULFILMENT_STAGE_SHIPPED]: 'shippedAt',
} as const;

export const CANCELLED_ORDER_RULE = 'order-desk.cancelled-order-cannot-change';
export const ITEM_NOT_ON_ORDER_RULE = 'order-desk.item-not-on-order';
export const SALE_ALREADY_ATTRIBUTED_RULE = 'order-desk.sale-already-attributed';

/** Thrown when the change must go to after-sales; carries the hand-over for the history. */
export class ShippedOrderChangeRefused extends RuleViolation {
  constructor(
    readonly orderId: string,
    readonly handOver: OrderChange,
    readonly reason: HandOverReason,
  ) {
    super(
      SHIPPED_ORDER_CHANGE_RULE,
      `order ${orderId} has shipped: the order desk cannot change it; handed over to after-sales (${afterSalesDoes[reason] ?? 'its case'})`,
    );
  }
}

/** What after-sales does with each hand-over, as the refusal tells the agent. */
const afterSalesDoes: Partial<Record<HandOverReason, string>> = {
  [HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE]: 'intercept or re-delivery to the new address',
  [HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE]: 'an exchange for the item wanted',
  [HandOverReason.HAND_OVER_REASON_CANCELLATION]: 'intercept, then the refund',
};

/** An order as the order desk sees it: facts from the shop platform, plus the changes made here. */
export class Order {
  id!: string;
  customer!: CustomerRef;
  stage!: FulfilmentStage;
  items!: OrderItem[];
  address!: Address;
  total!: Money;
  placedAt!: Date;
  paidAt?: Date;
  printedAt?: Date;
  packedAt?: Date;
  shippedAt?: Date;
  cancelledAt?: Date | null;
  remarks!: OrderRemark[];
  /** Optimistic-locking version, incremented by every committed change. */
  version!: number;

  static place(facts: PlacedOrderFacts): Order {
    return Object.assign(new Order(), {
      ...facts,
      stage: FulfilmentStage.FULFILMENT_STAGE_PLACED,
      remarks: [],
      cancelledAt: null,
    });
  }

  isPaid(): boolean {
    return stageRank(this.stage) >= stageRank(FulfilmentStage.FULFILMENT_STAGE_PAID);
  }

  /**
   * A fulfilment fact from the platform. Facts only move the order forward: a repeated or
   * late-arriving older fact changes nothing (returns false).
   */
  reachStage(stage: ReportableStage, at: Date): boolean {
    if (stageRank(stage) <= stageRank(this.stage)) return false;
    this.stage = stage;
    const field = stageTimestamp[stage];
    this[field] = at;
    return true;
  }

  /** 改地址, as the fulfilment-stage table allows; shipped orders go to after-sales. */
  changeAddress(newAddress: Address, context: ChangeContext): AddressChangeDecision {
    const previousAddress = this.address;
    const remark = addressChangeRemark(previousAddress, newAddress, context.agent, context.at, context.timeZone);
    const { change, handling } = this.decide(ChangeKind.CHANGE_KIND_ADDRESS, context, remark);
    this.address = newAddress;
    return { ...this.carryOut(change, handling, remark, context, { newAddress }), previousAddress };
  }

  /**
   * 改属性: one item becomes another SKU of the product (same quantity and price), with the colour,
   * size and the like the customer wants. It must not leave two lines with the same SKU.
   */
  changeAttributes(sku: string, wanted: WantedItem, context: ChangeContext): AttributeChangeDecision {
    const change = this.attributeChangeOf(sku, wanted);
    const previousItems = this.items;
    const remark = attributeChangeRemark(
      itemText(change.bought),
      itemText(change.wanted),
      context.agent,
      context.at,
      context.timeZone,
    );
    const { change: recorded, handling } = this.decide(ChangeKind.CHANGE_KIND_ATTRIBUTES, context, remark);
    // Only a change carried out here touches the lines; after shipping it is after-sales' exchange.
    checkNoDuplicateSku(this.id, this.items, change.bought, wanted.sku);
    this.items = this.items.map((i) => (i === change.bought ? change.wanted : i));
    return { ...this.carryOut(recorded, handling, remark, context, { newItems: this.items }), previousItems };
  }

  /**
   * The line an attribute change is about (the first with that SKU, as on the order) and what it
   * becomes: the new SKU, title and attributes, same quantity and unit price. A SKU not on the order is refused.
   */
  attributeChangeOf(sku: string, wanted: WantedItem): { bought: OrderItem; wanted: OrderItem } {
    const bought = this.items.find((i) => i.sku === sku);
    if (!bought) throw new RuleViolation(ITEM_NOT_ON_ORDER_RULE, `order ${this.id} has no item ${sku}`);
    return { bought, wanted: { ...bought, sku: wanted.sku, title: wanted.title, attributes: wanted.attributes } };
  }

  /** 拍下付款后不想要: void, or take it back from the warehouse; paid orders are refunded by after-sales. */
  cancel(context: ChangeContext): CancellationDecision {
    const stageAtCancellation = this.stage;
    const handling = changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, this.stage);
    const remark = cancellationRemark(
      cancellationWording(this.stage, handling),
      context.agent,
      context.at,
      context.timeZone,
    );
    const { change } = this.decide(ChangeKind.CHANGE_KIND_CANCELLATION, context, remark);
    if (handling.kind !== 'carry-out') throw new Error('unreachable: decide() refuses every other handling');
    this.cancelledAt = context.at;
    return {
      ...this.carryOut(change, handling, remark, context),
      stageAtCancellation,
      voided: handling.voidOrder,
      refund: handling.requestRefund ? this.total : undefined,
      refundWhen: handling.requestRefund ? handling.refundWhen : undefined,
    };
  }

  /** Courier, invoice, greeting card, delivery window: a red remark and a task for the printing desk. */
  recordSpecialRequest(request: SpecialRequest, context: ChangeContext): ChangeDecision {
    const text = specialRequestText(request);
    const remark = specialRequestRemark(text, context.agent, context.at, context.timeZone);
    const { change, handling } = this.decide(ChangeKind.CHANGE_KIND_SPECIAL_REQUEST, context, remark, request);
    return this.carryOut(change, handling, remark, context);
  }

  /**
   * 小蓝旗: the agent who made the sale, for commission, marked by `markedBy`. One per order: the
   * same agent again changes nothing (undefined), another agent is refused.
   */
  attributeSale(salesAgent: AgentRef, markedBy: AgentRef, at: Date, timeZone: string): OrderRemark | undefined {
    const existing = this.remarks.find((r) => r.kind === RemarkKind.REMARK_KIND_SALES_ATTRIBUTION);
    // The credited agent's id is the remark's `after`; its author is whoever marked it.
    if (existing?.after === salesAgent.agentId) return undefined;
    if (existing) {
      throw new RuleViolation(
        SALE_ALREADY_ATTRIBUTED_RULE,
        `order ${this.id} is already attributed to agent ${existing.after} (${existing.text})`,
      );
    }
    const remark = salesAttributionRemark(salesAgent, markedBy, at, timeZone);
    this.remarks = [...this.remarks, remark];
    return remark;
  }

  /** The customer asked to be forgotten: their name, address and words go; the order's facts stay. */
  eraseCustomerData(): void {
    this.customer = erasedCustomer(this.customer);
    this.address = erasedAddress(this.address);
    this.remarks = this.remarks.map(erasedRemark);
  }

  private decide(
    kind: ChangeKind,
    context: ChangeContext,
    remark: OrderRemark,
    specialRequest?: SpecialRequest,
  ): { change: OrderChange; handling: Extract<ChangeHandling, { kind: 'carry-out' }> } {
    if (this.cancelledAt) {
      throw new RuleViolation(CANCELLED_ORDER_RULE, `order ${this.id} was cancelled: it cannot be changed any more`);
    }
    const change = OrderChange.record(this.id, kind, this.stage, context, {
      before: remark.before,
      after: remark.after,
      specialRequest,
    });
    const handling = changeHandling(kind, this.stage);
    if (handling.kind === 'hand-over-to-aftersales') {
      change.handedToAftersales();
      throw new ShippedOrderChangeRefused(this.id, change, handling.reason);
    }
    if (handling.kind === 'refuse') throw new RuleViolation(handling.rule, `order ${this.id}: ${handling.reason}`);
    return { change, handling };
  }

  private carryOut(
    change: OrderChange,
    handling: Extract<ChangeHandling, { kind: 'carry-out' }>,
    remark: OrderRemark,
    context: ChangeContext,
    carrying: { newAddress?: Address; newItems?: OrderItem[] } = {},
  ): ChangeDecision {
    this.remarks = [...this.remarks, remark];
    const tasks = handling.tasks.map((plan, index) =>
      DeskTask.open(plan, { orderId: this.id, changeId: change.id, sequence: index + 1, when: context.at }, carrying),
    );
    change.awaitTasks(tasks);
    return { change, remark, tasks };
  }
}

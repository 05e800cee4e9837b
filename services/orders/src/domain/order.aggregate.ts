import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import type { Address, OrderItem } from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { addressChangeHandling, SHIPPED_ORDER_CHANGE_RULE } from './address-change-handling.rule.js';
import { FulfilmentStage, stageRank } from './fulfilment-stage.js';
import { addressChangeRemark, type OrderRemark } from './remark.js';
import { WarehouseTask } from './warehouse-task.entity.js';

export interface PlacedOrderFacts {
  id: string;
  customer: CustomerRef;
  items: OrderItem[];
  address: Address;
  total: Money;
  placedAt: Date;
}

export type AddressChangeDecision =
  | { outcome: 'changed'; previousAddress: Address; remark: OrderRemark }
  | { outcome: 'warehouse-task'; previousAddress: Address; remark: OrderRemark; task: WarehouseTask };

const stageTimestamp = {
  [FulfilmentStage.FULFILMENT_STAGE_PAID]: 'paidAt',
  [FulfilmentStage.FULFILMENT_STAGE_PRINTED]: 'printedAt',
  [FulfilmentStage.FULFILMENT_STAGE_PACKED]: 'packedAt',
  [FulfilmentStage.FULFILMENT_STAGE_SHIPPED]: 'shippedAt',
} as const;

/** Thrown when the change must go to after-sales; carries what the hand-over needs. */
export class ShippedOrderChangeRefused extends RuleViolation {
  constructor(readonly orderId: string) {
    super(
      SHIPPED_ORDER_CHANGE_RULE,
      `order ${orderId} has shipped: the order desk cannot change it; handed over to after-sales (intercept or re-delivery)`,
    );
  }
}

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
  remarks!: OrderRemark[];
  /** Optimistic-locking version, incremented by every committed change. */
  version!: number;

  static place(facts: PlacedOrderFacts): Order {
    return Object.assign(new Order(), {
      ...facts,
      stage: FulfilmentStage.FULFILMENT_STAGE_PLACED,
      remarks: [],
    });
  }

  /**
   * A fulfilment fact from the platform. Facts only move the order forward: a repeated or
   * late-arriving older fact changes nothing (returns false).
   */
  reachStage(
    stage: Exclude<
      FulfilmentStage,
      FulfilmentStage.FULFILMENT_STAGE_UNSPECIFIED | FulfilmentStage.FULFILMENT_STAGE_PLACED
    >,
    at: Date,
  ): boolean {
    if (stageRank(stage) <= stageRank(this.stage)) return false;
    this.stage = stage;
    const field = stageTimestamp[stage];
    this[field] = at;
    return true;
  }

  /** Changes the delivery address as the fulfilment-stage table allows; shipped orders are refused. */
  changeAddress(newAddress: Address, agent: AgentRef, at: Date, timeZone: string): AddressChangeDecision {
    const handling = addressChangeHandling(this.stage);
    if (handling.kind === 'hand-over-to-aftersales') throw new ShippedOrderChangeRefused(this.id);
    const previousAddress = this.address;
    const remark = addressChangeRemark(newAddress, agent, at, timeZone);
    this.address = newAddress;
    this.remarks = [...this.remarks, remark];
    if (handling.kind === 'change-in-back-office') return { outcome: 'changed', previousAddress, remark };
    const task = WarehouseTask.open(this.id, handling.task, handling.instructions, newAddress, at);
    return { outcome: 'warehouse-task', previousAddress, remark, task };
  }
}

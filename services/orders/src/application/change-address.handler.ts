import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import {
  ChangeAddressOutcome,
  type ChangeAddressRequest,
  type ChangeAddressResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { ConcurrentEdit, RuleViolation } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type AddressChangeDecision, type Order, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { IdempotencyStore, type StoredOutcome } from '../infrastructure/idempotency.store.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { validateChangeAddress } from './change-address.validator.js';
import { orderView, remarkView, warehouseTaskView } from './order.view.js';

type Outcome = StoredOutcome<ChangeAddressResponse>;

/**
 * 改地址: decided by the fulfilment stage at commit time. The change, its remark, any warehouse
 * task and the events commit together; a shipped order is refused and handed to after-sales.
 */
@Injectable()
export class ChangeAddressHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute(request: ChangeAddressRequest): Promise<ChangeAddressResponse> {
    validateChangeAddress(request);
    const fingerprint = IdempotencyStore.fingerprint({ ...request, idempotencyKey: undefined });
    const outcome = await transactionWithRetry(this.orm, async (em) => {
      const stored = await IdempotencyStore.find<ChangeAddressResponse>(
        em,
        'ChangeAddress',
        request.idempotencyKey,
        fingerprint,
      );
      if (stored) return stored;
      const result = await this.changeAddress(em, request);
      await IdempotencyStore.save(em, 'ChangeAddress', request.idempotencyKey, fingerprint, result);
      return result;
    });
    if (outcome.error) throw new RuleViolation(outcome.error.rule, outcome.error.message);
    return outcome.response as ChangeAddressResponse;
  }

  private async changeAddress(em: EntityManager, request: ChangeAddressRequest): Promise<Outcome> {
    const order = await loadOrder(em, request.orderId);
    if (request.expectedVersion !== undefined && request.expectedVersion !== order.version) {
      throw new ConcurrentEdit(
        `order ${order.id} changed since you read it (now version ${order.version}, you had ${request.expectedVersion}): reload and decide again`,
      );
    }
    const newAddress = request.newAddress!;
    const agent = request.agent!;
    let decision: AddressChangeDecision;
    try {
      decision = order.changeAddress(newAddress, agent, new Date(), this.config.shopTimezone);
    } catch (error) {
      if (!(error instanceof ShippedOrderChangeRefused)) throw error;
      await this.handOverToAftersales(em, order, request);
      return { error: { rule: error.rule, message: error.message } };
    }
    if (decision.outcome === 'warehouse-task') em.persist(decision.task);
    await em.flush();
    const meta = { aggregateId: order.id, aggregateVersion: order.version };
    await Outbox.add(
      em,
      'cs.orders.order.address_changed',
      {
        orderId: order.id,
        previousAddress: decision.previousAddress,
        newAddress,
        remark: remarkView(decision.remark),
        orderVersion: order.version,
      },
      meta,
    );
    if (decision.outcome === 'warehouse-task') {
      await Outbox.add(
        em,
        'cs.orders.warehouse_task.opened',
        { task: warehouseTaskView(decision.task), orderVersion: order.version },
        meta,
      );
    }
    return {
      response: {
        outcome:
          decision.outcome === 'changed'
            ? ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_CHANGED
            : ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED,
        order: orderView(order),
        remark: remarkView(decision.remark),
        warehouseTask: decision.outcome === 'warehouse-task' ? warehouseTaskView(decision.task) : undefined,
      },
    };
  }

  private async handOverToAftersales(em: EntityManager, order: Order, request: ChangeAddressRequest): Promise<void> {
    await Outbox.add(
      em,
      'cs.orders.order.handed_to_aftersales',
      {
        orderId: order.id,
        reason: HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE,
        customer: order.customer,
        requestedAddress: request.newAddress,
        requestedBy: request.agent,
        orderVersion: order.version,
      },
      { aggregateId: order.id, aggregateVersion: order.version },
    );
  }
}

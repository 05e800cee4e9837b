import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  ChangeAttributesOutcome,
  type ChangeAttributesRequest,
  type ChangeAttributesResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { runIdempotent, type StoredOutcome } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type AttributeChangeDecision, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { validateChangeAttributes } from './change-attributes.validator.js';
import { changeContext, checkExpectedVersion, retryIdentity } from './change-context.js';
import { recordChange, recordHandOver } from './change-recorder.js';
import { changeView, deskTaskView, orderView, remarkView } from './order.view.js';

/** 改属性: another SKU of the product, by the fulfilment stage at commit time, like an address change. */
@Injectable()
export class ChangeAttributesHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `actor`: who makes the change, from their token; the remark is signed with their name. */
  execute(request: ChangeAttributesRequest, actor: AgentRef): Promise<ChangeAttributesResponse> {
    validateChangeAttributes(request);
    return runIdempotent(this.orm, 'ChangeAttributes', retryIdentity(request, actor), (em) =>
      this.changeAttributes(em, request, actor),
    );
  }

  private async changeAttributes(
    em: EntityManager,
    request: ChangeAttributesRequest,
    actor: AgentRef,
  ): Promise<StoredOutcome<ChangeAttributesResponse>> {
    const order = await loadOrder(em, request.orderId);
    checkExpectedVersion(order, request.expectedVersion);
    const wanted = { sku: request.newSku, title: request.newTitle, attributes: request.newAttributes ?? {} };
    let decision: AttributeChangeDecision;
    try {
      decision = order.changeAttributes(request.sku, wanted, changeContext(request, actor, this.config.shopTimezone));
    } catch (error) {
      if (!(error instanceof ShippedOrderChangeRefused)) throw error;
      // The aggregate refuses a SKU not on the order before it looks at the stage: the line is there.
      const { bought, wanted: wantedItem } = order.attributeChangeOf(request.sku, wanted);
      return recordHandOver(em, order, error, actor, { boughtItem: bought, wantedItem });
    }
    await recordChange(em, order, decision);
    await Outbox.add(
      em,
      'cs.orders.order.attributes_changed',
      {
        orderId: order.id,
        previousItems: decision.previousItems,
        newItems: order.items,
        remark: remarkView(decision.remark),
        orderVersion: order.version,
      },
      { aggregateId: order.id, aggregateVersion: order.version },
    );
    return {
      response: {
        change: changeView(decision.change),
        order: orderView(order),
        remark: remarkView(decision.remark),
        tasks: decision.tasks.map(deskTaskView),
        outcome: decision.tasks.length
          ? ChangeAttributesOutcome.CHANGE_ATTRIBUTES_OUTCOME_WAREHOUSE_TASK_OPENED
          : ChangeAttributesOutcome.CHANGE_ATTRIBUTES_OUTCOME_CHANGED,
      },
    };
  }
}

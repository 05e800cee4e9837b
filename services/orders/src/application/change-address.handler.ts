import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  ChangeAddressOutcome,
  type ChangeAddressRequest,
  type ChangeAddressResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { runIdempotent, type StoredOutcome } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type AddressChangeDecision, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { validateChangeAddress } from './change-address.validator.js';
import { changeContext, checkExpectedVersion, retryIdentity } from './change-context.js';
import { recordChange, recordHandOver } from './change-recorder.js';
import { changeView, deskTaskView, orderView, remarkView } from './order.view.js';

/**
 * 改地址: decided by the fulfilment stage at commit time. The change, its remark, any desk tasks
 * and the events commit together; a shipped order is refused and handed to after-sales.
 */
@Injectable()
export class ChangeAddressHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `actor`: who makes the change, from their token; the remark is signed with their name. */
  execute(request: ChangeAddressRequest, actor: AgentRef): Promise<ChangeAddressResponse> {
    validateChangeAddress(request);
    return runIdempotent(this.orm, 'ChangeAddress', retryIdentity(request, actor), (em) =>
      this.changeAddress(em, request, actor),
    );
  }

  private async changeAddress(
    em: EntityManager,
    request: ChangeAddressRequest,
    actor: AgentRef,
  ): Promise<StoredOutcome<ChangeAddressResponse>> {
    const order = await loadOrder(em, request.orderId);
    checkExpectedVersion(order, request.expectedVersion);
    const newAddress = request.newAddress!;
    let decision: AddressChangeDecision;
    try {
      decision = order.changeAddress(newAddress, changeContext(request, actor, this.config.shopTimezone));
    } catch (error) {
      if (!(error instanceof ShippedOrderChangeRefused)) throw error;
      return recordHandOver(em, order, error, actor, { requestedAddress: newAddress });
    }
    await recordChange(em, order, decision);
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
      { aggregateId: order.id, aggregateVersion: order.version },
    );
    return {
      response: {
        outcome: decision.tasks.length
          ? ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED
          : ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_CHANGED,
        order: orderView(order),
        remark: remarkView(decision.remark),
        change: changeView(decision.change),
        tasks: decision.tasks.map(deskTaskView),
      },
    };
  }
}

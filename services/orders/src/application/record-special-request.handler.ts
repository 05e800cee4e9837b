import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RecordSpecialRequestRequest,
  RecordSpecialRequestResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { runIdempotent, type StoredOutcome } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { loadOrder } from '../infrastructure/order.repository.js';
import { changeContext, checkExpectedVersion, retryIdentity } from './change-context.js';
import { recordChange } from './change-recorder.js';
import { changeView, deskTaskView, orderView, remarkView } from './order.view.js';
import { validateRecordSpecialRequest } from './record-special-request.validator.js';

/** Courier, invoice title, greeting card text, delivery window: a red remark and a printing-desk task. */
@Injectable()
export class RecordSpecialRequestHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `actor`: who records it, from their token; the remark is signed with their name. */
  execute(request: RecordSpecialRequestRequest, actor: AgentRef): Promise<RecordSpecialRequestResponse> {
    validateRecordSpecialRequest(request);
    return runIdempotent(this.orm, 'RecordSpecialRequest', retryIdentity(request, actor), (em) =>
      this.record(em, request, actor),
    );
  }

  private async record(
    em: EntityManager,
    request: RecordSpecialRequestRequest,
    actor: AgentRef,
  ): Promise<StoredOutcome<RecordSpecialRequestResponse>> {
    const order = await loadOrder(em, request.orderId);
    checkExpectedVersion(order, request.expectedVersion);
    const decision = order.recordSpecialRequest(
      request.request!,
      changeContext(request, actor, this.config.shopTimezone),
    );
    await recordChange(em, order, decision);
    await Outbox.add(
      em,
      'cs.orders.order.special_request_recorded',
      {
        orderId: order.id,
        request: request.request!,
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
      },
    };
  }
}

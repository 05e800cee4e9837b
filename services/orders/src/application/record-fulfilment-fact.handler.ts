import type {
  RecordFulfilmentFactRequest,
  RecordFulfilmentFactResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FulfilmentStage } from '../domain/fulfilment-stage.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { fromTimestamp, orderView } from './order.view.js';
import { announceStageReached } from './stage-reached.js';

const reportableStages = [
  FulfilmentStage.FULFILMENT_STAGE_PAID,
  FulfilmentStage.FULFILMENT_STAGE_PRINTED,
  FulfilmentStage.FULFILMENT_STAGE_PACKED,
  FulfilmentStage.FULFILMENT_STAGE_SHIPPED,
] as const;
type ReportableStage = (typeof reportableStages)[number];

/** Paid, printed (打单), packed (打包贴单), shipped: a fact from the platform moves the order forward. */
@Injectable()
export class RecordFulfilmentFactHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RecordFulfilmentFactRequest): Promise<RecordFulfilmentFactResponse> {
    const violations = new Violations().require('order_id', request.orderId);
    if (!reportableStages.includes(request.stage as ReportableStage)) {
      violations.add('stage', `must be one of ${reportableStages.join(', ')}`);
    }
    if (!request.occurredAt) violations.add('occurred_at', 'is required');
    violations.throwIfAny();
    const stage = request.stage as ReportableStage;
    const occurredAt = fromTimestamp(request.occurredAt!);
    return transactionWithRetry(this.orm, async (em) => {
      const order = await loadOrder(em, request.orderId);
      if (order.reachStage(stage, occurredAt)) {
        await em.flush();
        await announceStageReached(em, order, stage, occurredAt);
      }
      return { order: orderView(order) };
    });
  }
}

import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import type {
  GetOrderHistoryRequest,
  GetOrderHistoryResponse,
  HistoryEntry,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { pageOf, readPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskTask } from '../domain/desk-task.entity.js';
import type { Order } from '../domain/order.aggregate.js';
import { OrderChange } from '../domain/order-change.entity.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { changeView, deskTaskView, orderView, remarkView, toTimestamp } from './order.view.js';

function facts(order: Order): { stage: FulfilmentStage; at: Date }[] {
  const all = [
    { stage: FulfilmentStage.FULFILMENT_STAGE_PLACED, at: order.placedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PAID, at: order.paidAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PRINTED, at: order.printedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PACKED, at: order.packedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_SHIPPED, at: order.shippedAt },
  ];
  return all.filter((f): f is { stage: FulfilmentStage; at: Date } => Boolean(f.at));
}

/** The order with everything that happened to it, oldest first: facts, changes, remarks, tasks. */
@Injectable()
export class GetOrderHistoryHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetOrderHistoryRequest): Promise<GetOrderHistoryResponse> {
    const violations = new Violations().require('order_id', request.orderId);
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const order = await loadOrder(em, request.orderId);
    const [changes, tasks] = await Promise.all([
      em.find(OrderChange, { orderId: order.id }),
      em.find(DeskTask, { orderId: order.id }),
    ]);
    const timeline: { at: Date; entry: HistoryEntry }[] = [
      ...facts(order).map(({ stage, at }) => ({
        at,
        entry: { at: toTimestamp(at), fact: { stage, occurredAt: toTimestamp(at) } },
      })),
      ...changes.map((c) => ({ at: c.requestedAt, entry: { at: toTimestamp(c.requestedAt), change: changeView(c) } })),
      ...order.remarks.map((r) => ({
        at: new Date(r.createdAt),
        entry: { at: toTimestamp(r.createdAt), remark: remarkView(r) },
      })),
      ...tasks.map((t) => {
        const at = t.completedAt ?? t.acknowledgedAt ?? t.createdAt;
        return { at: t.createdAt, entry: { at: toTimestamp(at), task: deskTaskView(t) } };
      }),
    ];
    // Stable: facts, then changes, remarks and tasks of the same instant, in that order.
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
    const window = timeline.slice(page.offset, page.offset + page.limit + 1);
    const { items, page: next } = pageOf(window, page);
    return { order: orderView(order), entries: items.map((i) => i.entry), page: next };
  }
}

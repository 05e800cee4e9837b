import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import type {
  GetOrderHistoryRequest,
  GetOrderHistoryResponse,
  HistoryEntry,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskTask } from '../domain/desk-task.entity.js';
import type { Order } from '../domain/order.aggregate.js';
import { OrderChange } from '../domain/order-change.entity.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { changeView, deskTaskView, orderView, remarkView, toTimestamp } from './order.view.js';

interface TimelineEntry {
  at: Date;
  rank: number;
  id: string;
  entry: HistoryEntry;
}

function byKey(a: Pick<TimelineEntry, 'at' | 'rank' | 'id'>, b: Pick<TimelineEntry, 'at' | 'rank' | 'id'>): number {
  return a.at.getTime() - b.at.getTime() || a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The fulfilment facts that happened, each with its place in the fulfilment order (its id in the timeline). */
function facts(order: Order): { stage: FulfilmentStage; at: Date; place: number }[] {
  const all = [
    { stage: FulfilmentStage.FULFILMENT_STAGE_PLACED, at: order.placedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PAID, at: order.paidAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PRINTED, at: order.printedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_PACKED, at: order.packedAt },
    { stage: FulfilmentStage.FULFILMENT_STAGE_SHIPPED, at: order.shippedAt },
  ];
  return all.flatMap(({ stage, at }, place) => (at ? [{ stage, at, place }] : []));
}

/** The order with everything that happened to it, oldest first: facts, changes, remarks, tasks. */
@Injectable()
export class GetOrderHistoryHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetOrderHistoryRequest): Promise<GetOrderHistoryResponse> {
    const violations = new Violations().require('order_id', request.orderId);
    const page = readKeysetPage(request.page, violations, ['time', 'int', 'text']);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const order = await loadOrder(em, request.orderId);
    const [changes, tasks] = await Promise.all([
      em.find(OrderChange, { orderId: order.id }),
      em.find(DeskTask, { orderId: order.id }),
    ]);
    // Each entry's keyset key is (instant, rank, id): facts, then changes, remarks and tasks of the same
    // instant; facts and remarks (append-only) are identified by their position.
    const timeline: TimelineEntry[] = [
      ...facts(order).map(({ stage, at, place }) => ({
        at,
        rank: 0,
        id: String(place),
        entry: { at: toTimestamp(at), fact: { stage, occurredAt: toTimestamp(at) } },
      })),
      ...changes.map((c) => ({
        at: c.requestedAt,
        rank: 1,
        id: c.id,
        entry: { at: toTimestamp(c.requestedAt), change: changeView(c) },
      })),
      ...order.remarks.map((r, i) => ({
        at: new Date(r.createdAt),
        rank: 2,
        id: String(i).padStart(6, '0'),
        entry: { at: toTimestamp(r.createdAt), remark: remarkView(r) },
      })),
      ...tasks.map((t) => {
        const at = t.completedAt ?? t.acknowledgedAt ?? t.createdAt;
        return { at: t.createdAt, rank: 3, id: t.id, entry: { at: toTimestamp(at), task: deskTaskView(t) } };
      }),
    ];
    timeline.sort(byKey);
    const after = page.after as [Date, number, string] | undefined;
    const rest = after
      ? timeline.filter((e) => byKey(e, { at: after[0], rank: after[1], id: after[2] }) > 0)
      : timeline;
    const { items, page: next } = keysetPageOf(rest.slice(0, page.limit + 1), page, (e) => [e.at, e.rank, e.id]);
    return { order: orderView(order), entries: items.map((i) => i.entry), page: next };
  }
}

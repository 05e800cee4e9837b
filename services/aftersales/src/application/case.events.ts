import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { caseView } from './case.view.js';
import { toTimestamp } from './timestamps.js';

/**
 * Writes one event per lifecycle step the case took since history entry `from`, in the caller's
 * transaction, after the flush that gave the case its new version. Every state change has one.
 */
export async function writeCaseEvents(em: EntityManager, kase: AftersalesCase, from: number): Promise<void> {
  const view = caseView(kase);
  const meta = { aggregateId: kase.id, aggregateVersion: kase.version };
  const common = { case: view, caseVersion: kase.version };
  for (const entry of kase.history.slice(from)) {
    switch (entry.action) {
      case 'approve':
        await Outbox.add(em, 'cs.aftersales.case.approved', common, meta);
        break;
      case 'reject':
        await Outbox.add(em, 'cs.aftersales.case.rejected', { ...common, reason: entry.note }, meta);
        break;
      case 'receive-goods':
        await Outbox.add(em, 'cs.aftersales.case.goods_received', common, meta);
        break;
      case 'refund':
        await Outbox.add(em, 'cs.aftersales.case.refunded', common, meta);
        break;
      case 'ship-to-customer':
        await Outbox.add(em, 'cs.aftersales.case.replacement_shipped', common, meta);
        break;
      case 'complete':
        await Outbox.add(em, 'cs.aftersales.case.completed', common, meta);
        break;
      case 'close':
        await Outbox.add(
          em,
          'cs.aftersales.case.closed',
          {
            caseId: kase.id,
            kind: kase.kind,
            outcome: kase.outcome,
            customer: kase.customer,
            orderId: kase.orderId,
            origin: kase.origin,
            handledBy: kase.closedBy ?? undefined,
            closedAt: toTimestamp(kase.closedAt ?? entry.at),
            ...common,
          },
          meta,
        );
        break;
      default:
        await Outbox.add(em, 'cs.aftersales.case.advanced', { ...common, action: entry.action }, meta);
    }
  }
}

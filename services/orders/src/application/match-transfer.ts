import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BankTransfer } from '../domain/bank-transfer.entity.js';
import { FulfilmentStage } from '../domain/fulfilment-stage.js';
import type { Order } from '../domain/order.aggregate.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { bankTransferView } from './order.view.js';
import { announceStageReached } from './stage-reached.js';

/** Matches a ledger line to its order in the caller's transaction; the order moves on as paid. */
export async function matchTransfer(em: EntityManager, transfer: BankTransfer, orderId: string): Promise<Order> {
  const order = await loadOrder(em, orderId);
  if (!transfer.matchTo(order, new Date())) return order;
  await em.flush();
  await announceStageReached(em, order, FulfilmentStage.FULFILMENT_STAGE_PAID, transfer.transferredAt);
  await Outbox.add(
    em,
    'cs.orders.bank_transfer.matched',
    { transfer: bankTransferView(transfer), orderVersion: order.version },
    { aggregateId: order.id, aggregateVersion: order.version },
  );
  return order;
}

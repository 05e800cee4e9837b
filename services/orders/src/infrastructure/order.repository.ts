import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../domain/order.aggregate.js';

/** Loads an order for a unit of work; its version guards the commit. */
export async function loadOrder(em: EntityManager, orderId: string): Promise<Order> {
  const order = await em.findOne(Order, { id: orderId });
  if (!order) throw new NotFound('order', orderId);
  return order;
}

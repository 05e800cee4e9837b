import type { EventPayload } from '@cs/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Outbox } from '../../../src/outbox.writer.js';

export type AddressChanged = EventPayload<'cs.orders.order.address_changed'>;

export const ORDER_STATE_TABLE = `create table if not exists order_state (
  order_id text primary key, city text not null, version int not null)`;

export function addressChanged(orderId: string, version: number, city = 'Hangzhou'): AddressChanged {
  return {
    orderId,
    previousAddress: undefined,
    newAddress: {
      recipientName: 'Li Lei',
      phone: '13800000000',
      province: 'Zhejiang',
      city,
      district: 'Xihu',
      street: '1 Wensan Road',
      postalCode: '310000',
    },
    remark: undefined,
    orderVersion: version,
  };
}

/** A use case in miniature: change the order's state and record its event in one transaction. */
export async function changeAddress(
  em: EntityManager,
  orderId: string,
  version: number,
  city = 'Hangzhou',
): Promise<string> {
  return em.fork().transactional(async (tx) => {
    await tx.execute(
      `insert into order_state (order_id, city, version) values (?, ?, ?)
       on conflict (order_id) do update set city = excluded.city, version = excluded.version`,
      [orderId, city, version],
    );
    return Outbox.add(tx, 'cs.orders.order.address_changed', addressChanged(orderId, version, city), {
      aggregateId: orderId,
      aggregateVersion: version,
    });
  });
}

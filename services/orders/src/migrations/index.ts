import type { MigrationObject } from '@mikro-orm/core';
import { CreateOrders } from './0001-orders.migration.js';
import { OrderDesk } from './0002-order-desk.migration.js';
import { CustomerErasures } from './0003-customer-erasures.migration.js';
import { OrderRowRoom } from './0004-order-row-room.migration.js';

/** Applied in this order; names are persisted in cs_migrations, never rename one. */
export const ordersMigrations: MigrationObject[] = [
  { name: '0001-orders', class: CreateOrders },
  { name: '0002-order-desk', class: OrderDesk },
  { name: '0003-customer-erasures', class: CustomerErasures },
  { name: '0004-order-row-room', class: OrderRowRoom },
];

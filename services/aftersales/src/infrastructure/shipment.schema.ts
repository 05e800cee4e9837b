import { EntitySchema } from '@mikro-orm/postgresql';
import { Shipment } from '../domain/shipment.entity.js';

export const ShipmentSchema = new EntitySchema<Shipment>({
  class: Shipment,
  tableName: 'shipments',
  properties: {
    trackingNumber: { type: 'string', primary: true },
    courier: { type: 'string' },
    orderId: { type: 'string' },
    customer: { type: 'json' },
    shippedAt: { type: 'datetime' },
    lastUpdateAt: { type: 'datetime' },
    lastStatus: { type: 'string' },
    delivered: { type: 'boolean' },
  },
});

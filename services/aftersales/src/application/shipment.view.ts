import type { Shipment as ShipmentMessage } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { Shipment } from '../domain/shipment.entity.js';
import { toTimestamp } from './timestamps.js';

export function shipmentView(s: Shipment): ShipmentMessage {
  return {
    courier: s.courier,
    trackingNumber: s.trackingNumber,
    orderId: s.orderId,
    customer: s.customer,
    shippedAt: toTimestamp(s.shippedAt),
    lastUpdateAt: toTimestamp(s.lastUpdateAt),
    lastStatus: s.lastStatus,
    delivered: s.delivered,
  };
}

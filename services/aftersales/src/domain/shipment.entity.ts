import type { CustomerRef } from '@cs/contracts/cs/common/v1/refs';

/** A parcel on its way to a customer, as the courier's tracking updates report it (查件). */
export class Shipment {
  trackingNumber!: string;
  courier!: string;
  orderId!: string;
  customer!: CustomerRef;
  shippedAt!: Date;
  lastUpdateAt!: Date;
  lastStatus!: string;
  delivered!: boolean;

  static firstUpdate(facts: Omit<Shipment, 'shippedAt' | 'track'>): Shipment {
    return Object.assign(new Shipment(), { ...facts, shippedAt: facts.lastUpdateAt });
  }

  /** Updates arrive out of order: an older one changes nothing but may mark delivery. */
  track(status: string, at: Date, delivered: boolean): void {
    if (at.getTime() >= this.lastUpdateAt.getTime()) {
      this.lastUpdateAt = at;
      this.lastStatus = status;
    }
    this.delivered = this.delivered || delivered;
  }
}

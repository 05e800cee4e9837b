import type { RecordTrackingUpdateRequest, Shipment } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { checkLength, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkTrackingUpdate, recordTrackingUpdate } from './record-tracking-update.handler.js';

export interface CourierEventOutcome {
  /** False when this courier event was handled before: nothing was written this time. */
  recorded: boolean;
  shipment?: Shipment;
}

/**
 * One event of a courier's status feed: recorded like RecordTrackingUpdate, once per courier event
 * id however often the courier delivers it (its dedup row commits with the update or not at all).
 */
@Injectable()
export class RecordCourierEventHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(eventId: string, update: RecordTrackingUpdateRequest): Promise<CourierEventOutcome> {
    const violations = new Violations().require('event_id', eventId);
    checkLength(eventId, 'event_id', 128, violations);
    checkTrackingUpdate(update, violations);
    return transactionWithRetry(this.orm, async (em) => {
      // Concurrent deliveries of one event: the second waits on the first's row, then finds it.
      const inserted = await em.execute<{ event_id: string }[]>(
        `insert into courier_feed_events (courier, event_id, tracking_number) values (?, ?, ?)
         on conflict do nothing returning event_id`,
        [update.courier, eventId, update.trackingNumber],
      );
      if (!inserted.length) return { recorded: false };
      const { shipment } = await recordTrackingUpdate(em, update);
      return { recorded: true, shipment };
    });
  }
}

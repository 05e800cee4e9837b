import type {
  RecordTrackingUpdateRequest,
  RecordTrackingUpdateResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { ChaseResolution, ChaseTaskStatus } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { checkLength, checkTimestamp, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ChaseTask, trackingResumes } from '../domain/chase-task.aggregate.js';
import { Shipment } from '../domain/shipment.entity.js';
import { writeChaseTaskEvent } from './chase-task.events.js';
import { shipmentView } from './shipment.view.js';
import { fromTimestamp } from './timestamps.js';

/**
 * A courier's tracking update; the first one for a waybill registers the shipment (查件), and a
 * newer one resolves the shipment's open chase task.
 */
@Injectable()
export class RecordTrackingUpdateHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RecordTrackingUpdateRequest): Promise<RecordTrackingUpdateResponse> {
    checkTrackingUpdate(request);
    return transactionWithRetry(this.orm, (em) => recordTrackingUpdate(em, request));
  }
}

/** Field checks of a tracking update, from the API or the courier feed. */
export function checkTrackingUpdate(request: RecordTrackingUpdateRequest, violations = new Violations()): void {
  violations
    .require('courier', request.courier)
    .require('tracking_number', request.trackingNumber)
    .require('order_id', request.orderId)
    .require('customer.customer_id', request.customer?.customerId)
    .require('status', request.status);
  checkLength(request.courier, 'courier', 64, violations);
  checkLength(request.trackingNumber, 'tracking_number', 64, violations);
  checkLength(request.orderId, 'order_id', 64, violations);
  checkLength(request.status, 'status', 500, violations);
  checkTimestamp(request.occurredAt, 'occurred_at', violations);
  violations.throwIfAny();
}

/** Records a checked update inside the caller's transaction (the courier feed adds its dedup row to it). */
export async function recordTrackingUpdate(
  em: EntityManager,
  request: RecordTrackingUpdateRequest,
): Promise<RecordTrackingUpdateResponse> {
  const at = fromTimestamp(request.occurredAt!);
  let shipment = await em.findOne(Shipment, { trackingNumber: request.trackingNumber });
  if (shipment) shipment.track(request.status, at, request.delivered);
  else {
    shipment = Shipment.firstUpdate({
      trackingNumber: request.trackingNumber,
      courier: request.courier,
      orderId: request.orderId,
      customer: request.customer!,
      lastUpdateAt: at,
      lastStatus: request.status,
      delivered: request.delivered,
    });
    em.persist(shipment);
  }
  // The parcel moves again: its open chase task ends by itself.
  const task = await em.findOne(ChaseTask, {
    trackingNumber: request.trackingNumber,
    status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
  });
  const resumed = task && trackingResumes(task, at, request.delivered);
  if (resumed) task.resolve(ChaseResolution.CHASE_RESOLUTION_TRACKING_RESUMED, new Date(), { note: request.status });
  await em.flush();
  if (resumed) await writeChaseTaskEvent(em, 'cs.aftersales.chase_task.resolved', task, shipment, new Date());
  return { shipment: shipmentView(shipment) };
}

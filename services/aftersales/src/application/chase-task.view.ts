import type { ChaseTask as ChaseTaskMessage } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { ChaseTask } from '../domain/chase-task.aggregate.js';
import { chaseDecision } from '../domain/daily-follow-up.rule.js';
import type { Shipment } from '../domain/shipment.entity.js';
import { shipmentView } from './shipment.view.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

/** The chase task as the API and the events show it, with the shipment as it is now. */
export function chaseTaskView(task: ChaseTask, shipment: Shipment | undefined, now = new Date()): ChaseTaskMessage {
  // Threshold 0: the task exists, so the parcel is silent enough; only the figures are wanted here.
  const decision = shipment && task.isOpen() ? chaseDecision(shipment, now, 0) : undefined;
  return {
    shipment: shipment ? shipmentView(shipment) : undefined,
    hoursSinceUpdate: decision?.hoursSinceUpdate ?? 0,
    extendReceiptTime: decision?.extendReceiptTime ?? false,
    chaseTaskId: task.id,
    status: task.status,
    parties: task.parties,
    chases: task.chases.map((c) => ({
      party: c.party,
      contact: c.contact,
      said: c.said,
      chasedBy: c.by,
      chasedAt: toTimestamp(c.at),
    })),
    openedAt: toTimestamp(task.openedAt),
    silentSince: toTimestamp(task.silentSince),
    resolution: task.resolution,
    resolutionNote: task.resolutionNote,
    resolvedBy: task.resolvedBy ?? undefined,
    resolvedAt: optionalTimestamp(task.resolvedAt),
    caseId: task.caseId ?? '',
    version: task.version,
  };
}

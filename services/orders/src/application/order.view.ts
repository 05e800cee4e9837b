import type {
  BankTransfer as BankTransferMessage,
  Change,
  DeskTask as DeskTaskMessage,
  Order as OrderMessage,
  Remark,
  StockLevel as StockLevelMessage,
} from '@cs/contracts/cs/orders/v1/order';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { BankTransfer } from '../domain/bank-transfer.entity.js';
import type { DeskTask } from '../domain/desk-task.entity.js';
import type { Order } from '../domain/order.aggregate.js';
import type { OrderChange } from '../domain/order-change.entity.js';
import type { OrderRemark } from '../domain/remark.js';
import type { StockLevel } from '../domain/stock-level.entity.js';

export function toTimestamp(date: Date | string): Timestamp {
  const millis = new Date(date).getTime();
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 };
}

export function fromTimestamp(timestamp: Timestamp): Date {
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}

const optional = (date: Date | string | undefined | null) => (date ? toTimestamp(date) : undefined);

export function orderView(order: Order): OrderMessage {
  return {
    orderId: order.id,
    customer: order.customer,
    stage: order.stage,
    items: order.items,
    address: order.address,
    total: order.total,
    placedAt: toTimestamp(order.placedAt),
    paidAt: optional(order.paidAt),
    printedAt: optional(order.printedAt),
    packedAt: optional(order.packedAt),
    shippedAt: optional(order.shippedAt),
    remarks: order.remarks.map(remarkView),
    version: order.version,
    cancelledAt: optional(order.cancelledAt),
  };
}

export function remarkView(remark: OrderRemark): Remark {
  return {
    text: remark.text,
    flag: remark.flag,
    author: remark.author,
    createdAt: toTimestamp(remark.createdAt),
    // Remarks written before they were structured have only the text.
    kind: remark.kind ?? 'REMARK_KIND_UNSPECIFIED',
    before: remark.before ?? '',
    after: remark.after ?? '',
  };
}

export function changeView(change: OrderChange): Change {
  return {
    changeId: change.id,
    orderId: change.orderId,
    kind: change.kind,
    status: change.status,
    stageAtCommit: change.stageAtCommit,
    requestedBy: change.requestedBy,
    requestedAt: toTimestamp(change.requestedAt),
    confirmation: {
      confirmedAt: toTimestamp(change.confirmation.confirmedAt),
      channel: change.confirmation.channel,
    },
    before: change.before,
    after: change.after,
    specialRequest: change.specialRequest ?? undefined,
    completedAt: optional(change.completedAt),
    taskIds: change.taskIds,
  };
}

export function deskTaskView(task: DeskTask): DeskTaskMessage {
  return {
    taskId: task.id,
    orderId: task.orderId,
    changeId: task.changeId,
    desk: task.desk,
    kind: task.kind,
    status: task.status,
    sequence: task.sequence,
    instructions: task.instructions,
    newAddress: task.newAddress ?? undefined,
    newItems: task.newItems ?? [],
    createdAt: toTimestamp(task.createdAt),
    acknowledgedAt: optional(task.acknowledgedAt),
    acknowledgedBy: task.acknowledgedBy ?? undefined,
    completedAt: optional(task.completedAt),
    completedBy: task.completedBy ?? undefined,
    completedStep: task.completedStep ?? 'DESK_TASK_STEP_UNSPECIFIED',
  } as DeskTaskMessage;
}

export function bankTransferView(transfer: BankTransfer): BankTransferMessage {
  return {
    transferId: transfer.id,
    payerName: transfer.payerName,
    amount: transfer.amount,
    transferredAt: toTimestamp(transfer.transferredAt),
    reference: transfer.reference,
    orderId: transfer.orderId ?? '',
    matchedAt: optional(transfer.matchedAt),
    registeredBy: transfer.registeredBy,
    registeredAt: toTimestamp(transfer.registeredAt),
  };
}

export function stockLevelView(level: StockLevel): StockLevelMessage {
  return {
    sku: level.sku,
    units: level.units,
    reportedAt: toTimestamp(level.reportedAt),
    lowStockAlerted: level.lowStockAlerted,
  };
}

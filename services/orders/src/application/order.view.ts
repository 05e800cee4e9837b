import type {
  Order as OrderMessage,
  Remark,
  WarehouseTask as WarehouseTaskMessage,
} from '@cs/contracts/cs/orders/v1/order';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { Order } from '../domain/order.aggregate.js';
import type { OrderRemark } from '../domain/remark.js';
import type { WarehouseTask } from '../domain/warehouse-task.entity.js';

export function toTimestamp(date: Date | string): Timestamp {
  const millis = new Date(date).getTime();
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 };
}

export function fromTimestamp(timestamp: Timestamp): Date {
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}

const optional = (date: Date | undefined | null) => (date ? toTimestamp(date) : undefined);

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
  };
}

export function remarkView(remark: OrderRemark): Remark {
  return { text: remark.text, flag: remark.flag, author: remark.author, createdAt: toTimestamp(remark.createdAt) };
}

export function warehouseTaskView(task: WarehouseTask): WarehouseTaskMessage {
  return {
    taskId: task.id,
    orderId: task.orderId,
    kind: task.kind,
    status: task.status,
    instructions: task.instructions,
    newAddress: task.newAddress,
    createdAt: toTimestamp(task.createdAt),
  };
}

import { randomUUID } from 'node:crypto';
import { type Address, type WarehouseTaskKind, WarehouseTaskStatus } from '@cs/contracts/cs/orders/v1/order';

/** Work the warehouse must do before a change is complete: hand back documents or a parcel. */
export class WarehouseTask {
  id!: string;
  orderId!: string;
  kind!: WarehouseTaskKind;
  status!: WarehouseTaskStatus;
  instructions!: string;
  newAddress!: Address;
  createdAt!: Date;

  static open(
    orderId: string,
    kind: WarehouseTaskKind,
    instructions: string,
    newAddress: Address,
    at: Date,
  ): WarehouseTask {
    return Object.assign(new WarehouseTask(), {
      id: randomUUID(),
      orderId,
      kind,
      status: WarehouseTaskStatus.WAREHOUSE_TASK_STATUS_OPEN,
      instructions,
      newAddress,
      createdAt: at,
    });
  }
}

import { WarehouseTaskKind } from '@cs/contracts/cs/orders/v1/order';
import { FulfilmentStage, isNotPrinted } from './fulfilment-stage.js';

/** How an address change is carried out, by the fulfilment stage at the moment it commits. */
export type AddressChangeHandling =
  | { kind: 'change-in-back-office' }
  | { kind: 'warehouse-task'; task: WarehouseTaskKind; instructions: string }
  | { kind: 'hand-over-to-aftersales'; reason: string };

/**
 * The fulfilment-stage table of the order desk (domain.md §2), address column:
 * not printed → change it in the back office, remark, tell the printing desk;
 * printed → the warehouse hands back the delivery note and waybill, which are redone;
 * packed and labelled → the warehouse hands back the parcel, which is relabelled (reprint);
 * shipped → not here: after-sales takes it over.
 */
export function addressChangeHandling(stage: FulfilmentStage): AddressChangeHandling {
  if (isNotPrinted(stage)) return { kind: 'change-in-back-office' };
  switch (stage) {
    case FulfilmentStage.FULFILMENT_STAGE_PRINTED:
      return {
        kind: 'warehouse-task',
        task: WarehouseTaskKind.WAREHOUSE_TASK_KIND_RETRIEVE_DOCUMENTS,
        instructions:
          '取回面单和快递单，按新地址重新打单 (hand back the delivery note and waybill; reprint with the new address)',
      };
    case FulfilmentStage.FULFILMENT_STAGE_PACKED:
      return {
        kind: 'warehouse-task',
        task: WarehouseTaskKind.WAREHOUSE_TASK_KIND_RETRIEVE_PARCEL,
        instructions: '取回包裹，按新地址重新打单贴单 (hand back the parcel; reprint and relabel with the new address)',
      };
    default:
      return {
        kind: 'hand-over-to-aftersales',
        reason: 'shipped orders cannot be changed by the order desk; handed over to after-sales',
      };
  }
}

/** The stable name of the rule that refuses shipped orders, reported with FAILED_PRECONDITION. */
export const SHIPPED_ORDER_CHANGE_RULE = 'order-desk.shipped-order-goes-to-aftersales';

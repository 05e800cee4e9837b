import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import { ChangeKind, Desk, DeskTaskKind } from '@cs/contracts/cs/orders/v1/order';
import { FulfilmentStage, isNotPrinted } from './fulfilment-stage.js';

/** A task the warehouse or the printing desk must do for a change, in the order listed. */
export interface TaskPlan {
  desk: Desk;
  kind: DeskTaskKind;
  instructions: string;
}

/**
 * When a paid cancellation's refund is asked of after-sales: at once, or only once the warehouse has
 * put the goods back into stock (packed → parcel back, restock, then refund: domain.md §2), so the
 * money never goes out while the goods could still leave.
 */
export type RefundMoment = 'at-cancellation' | 'on-restock';

/** How a change request is carried out, by the fulfilment stage at the moment it commits. */
export type ChangeHandling =
  | { kind: 'carry-out'; tasks: TaskPlan[]; voidOrder: boolean; requestRefund: boolean; refundWhen: RefundMoment }
  | { kind: 'hand-over-to-aftersales'; reason: HandOverReason }
  | { kind: 'refuse'; rule: string; reason: string };

interface Changed {
  zh: string;
  en: string;
}
const newAddress: Changed = { zh: '新地址', en: 'new address' };
const newItems: Changed = { zh: '新属性', en: 'new items' };

export type StageRow = 'not-printed' | 'printed' | 'packed' | 'shipped';

/** The stable name of the rule that refuses shipped orders, reported with FAILED_PRECONDITION. */
export const SHIPPED_ORDER_CHANGE_RULE = 'order-desk.shipped-order-goes-to-aftersales';
export const SPECIAL_REQUEST_AFTER_SHIPPING_RULE = 'order-desk.special-request-too-late-once-shipped';

export function stageRow(stage: FulfilmentStage): StageRow {
  if (isNotPrinted(stage)) return 'not-printed';
  if (stage === FulfilmentStage.FULFILMENT_STAGE_PRINTED) return 'printed';
  if (stage === FulfilmentStage.FULFILMENT_STAGE_PACKED) return 'packed';
  return 'shipped';
}

const retrieveDocuments = (why: string): TaskPlan => ({
  desk: Desk.DESK_WAREHOUSE,
  kind: DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS,
  instructions: `取回发货单与快递单 (hand back the delivery note and waybill): ${why}`,
});
const retrieveParcel = (why: string): TaskPlan => ({
  desk: Desk.DESK_WAREHOUSE,
  kind: DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL,
  instructions: `取回包裹 (hand back the parcel): ${why}`,
});
const reprint = (what: Changed): TaskPlan => ({
  desk: Desk.DESK_PRINTING,
  kind: DeskTaskKind.DESK_TASK_KIND_REPRINT,
  instructions: `按${what.zh}重新打单 (print the delivery note and waybill again with the ${what.en})`,
});
const restock: TaskPlan = {
  desk: Desk.DESK_WAREHOUSE,
  kind: DeskTaskKind.DESK_TASK_KIND_RESTOCK,
  instructions: '货品入库 (put the goods back into stock)',
};
const honourSpecialRequest: TaskPlan = {
  desk: Desk.DESK_PRINTING,
  kind: DeskTaskKind.DESK_TASK_KIND_SPECIAL_REQUEST,
  instructions:
    '客户有特殊要求，打单发货时照办 (the customer has a special request: honour it when printing and packing)',
};

const carryOut = (
  tasks: TaskPlan[],
  extra: { voidOrder?: boolean; requestRefund?: boolean; refundWhen?: RefundMoment } = {},
): ChangeHandling => ({
  kind: 'carry-out',
  tasks,
  voidOrder: extra.voidOrder ?? false,
  requestRefund: extra.requestRefund ?? false,
  refundWhen: extra.refundWhen ?? 'at-cancellation',
});

/** A change of address or of SKU/attributes (改地址/改属性): the handbook's first column. */
function changeColumn(row: StageRow, what: Changed, reason: HandOverReason): ChangeHandling {
  switch (row) {
    case 'not-printed':
      return carryOut([]);
    case 'printed':
      return carryOut([retrieveDocuments('改单后重新打单 (to be redone)'), reprint(what)]);
    case 'packed':
      return carryOut([retrieveParcel('重新打单贴单 (to be relabelled)'), reprint(what)]);
    case 'shipped':
      return { kind: 'hand-over-to-aftersales', reason };
  }
}

/** Cancel after payment (拍下付款后不想要): the handbook's second column. Unpaid orders are simply voided. */
function cancelColumn(row: StageRow, paid: boolean): ChangeHandling {
  switch (row) {
    case 'not-printed':
      return carryOut([], { voidOrder: true, requestRefund: paid });
    case 'printed':
      return carryOut([retrieveDocuments('订单已取消，单据撕毁 (order cancelled: destroy them)')], {
        requestRefund: true,
      });
    case 'packed':
      return carryOut([retrieveParcel('订单已取消 (order cancelled)'), restock], {
        requestRefund: true,
        refundWhen: 'on-restock',
      });
    case 'shipped':
      return { kind: 'hand-over-to-aftersales', reason: HandOverReason.HAND_OVER_REASON_CANCELLATION };
  }
}

/** Special requests go to the printing desk while there is still something to print or pack. */
function specialRequestColumn(row: StageRow): ChangeHandling {
  if (row === 'shipped') {
    return {
      kind: 'refuse',
      rule: SPECIAL_REQUEST_AFTER_SHIPPING_RULE,
      reason: 'the parcel has shipped: a special request can no longer be honoured by the printing desk',
    };
  }
  return carryOut([honourSpecialRequest]);
}

/**
 * The fulfilment-stage table of the order desk (domain.md §2), one rule for every column:
 *
 * | stage       | address / attributes                      | cancel                                         |
 * |-------------|-------------------------------------------|------------------------------------------------|
 * | not printed | change, remark, tell the printing desk    | void; refund if paid                           |
 * | printed     | warehouse hands back documents; reprint   | warehouse hands back documents (destroyed); refund |
 * | packed      | warehouse hands back the parcel; reprint  | warehouse hands back the parcel; restock; then refund |
 * | shipped     | after-sales                               | after-sales intercepts                         |
 */
export function changeHandling(change: ChangeKind, stage: FulfilmentStage): ChangeHandling {
  const row = stageRow(stage);
  switch (change) {
    case ChangeKind.CHANGE_KIND_ADDRESS:
      return changeColumn(row, newAddress, HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE);
    case ChangeKind.CHANGE_KIND_ATTRIBUTES:
      return changeColumn(row, newItems, HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE);
    case ChangeKind.CHANGE_KIND_CANCELLATION:
      return cancelColumn(row, stage !== FulfilmentStage.FULFILMENT_STAGE_PLACED);
    case ChangeKind.CHANGE_KIND_SPECIAL_REQUEST:
      return specialRequestColumn(row);
    default:
      throw new Error(`not a change request: ${change}`);
  }
}

import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import { ChangeKind, Desk, DeskTaskKind } from '@cs/contracts/cs/orders/v1/order';
import { describe, expect, it } from 'vitest';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { changeHandling } from '../../src/domain/fulfilment-stage-table.rule.js';

const { FULFILMENT_STAGE_PLACED: placed, FULFILMENT_STAGE_PAID: paid } = FulfilmentStage;
const { FULFILMENT_STAGE_PRINTED: printed, FULFILMENT_STAGE_PACKED: packed } = FulfilmentStage;
const shipped = FulfilmentStage.FULFILMENT_STAGE_SHIPPED;
const tasksOf = (change: ChangeKind, stage: FulfilmentStage) => {
  const handling = changeHandling(change, stage);
  return handling.kind === 'carry-out' ? handling.tasks.map((t) => [t.desk, t.kind]) : handling.kind;
};

describe('fulfilment-stage table: change of address', () => {
  for (const stage of [placed, paid]) {
    it(`not printed (${stage}): changed in the back office, no task, the printing desk is told by event`, () => {
      expect(changeHandling(ChangeKind.CHANGE_KIND_ADDRESS, stage)).toEqual({
        kind: 'carry-out',
        tasks: [],
        voidOrder: false,
        requestRefund: false,
        refundWhen: 'at-cancellation',
      });
    });
  }

  it('printed: the warehouse hands back the delivery note and waybill, then the printing desk reprints', () => {
    expect(tasksOf(ChangeKind.CHANGE_KIND_ADDRESS, printed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS],
      [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_REPRINT],
    ]);
  });

  it('packed and labelled: the warehouse hands back the parcel, then the printing desk reprints', () => {
    expect(tasksOf(ChangeKind.CHANGE_KIND_ADDRESS, packed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL],
      [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_REPRINT],
    ]);
  });

  it('shipped: not the order desk’s to change, handed over to after-sales', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_ADDRESS, shipped)).toEqual({
      kind: 'hand-over-to-aftersales',
      reason: HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE,
    });
  });
});

describe('fulfilment-stage table: change of SKU/attributes (改属性)', () => {
  it('not printed: changed in the back office, no task', () => {
    expect(tasksOf(ChangeKind.CHANGE_KIND_ATTRIBUTES, paid)).toEqual([]);
  });

  it('printed: documents handed back and reprinted with the new items', () => {
    expect(tasksOf(ChangeKind.CHANGE_KIND_ATTRIBUTES, printed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS],
      [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_REPRINT],
    ]);
  });

  it('packed: parcel handed back and reprinted', () => {
    expect(tasksOf(ChangeKind.CHANGE_KIND_ATTRIBUTES, packed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL],
      [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_REPRINT],
    ]);
  });

  it('shipped: handed over to after-sales for an exchange', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_ATTRIBUTES, shipped)).toEqual({
      kind: 'hand-over-to-aftersales',
      reason: HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE,
    });
  });
});

describe('fulfilment-stage table: cancel after payment (拍下付款后不想要)', () => {
  it('not printed, unpaid: the order is voided and there is nothing to refund', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, placed)).toEqual({
      kind: 'carry-out',
      tasks: [],
      voidOrder: true,
      requestRefund: false,
      refundWhen: 'at-cancellation',
    });
  });

  it('not printed, paid: the order is voided and after-sales refunds', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, paid)).toEqual({
      kind: 'carry-out',
      tasks: [],
      voidOrder: true,
      requestRefund: true,
      refundWhen: 'at-cancellation',
    });
  });

  it('printed: the warehouse hands back the documents to be destroyed, after-sales refunds', () => {
    const handling = changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, printed);
    expect(handling).toMatchObject({ kind: 'carry-out', voidOrder: false, requestRefund: true });
    expect(tasksOf(ChangeKind.CHANGE_KIND_CANCELLATION, printed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS],
    ]);
    expect(handling.kind === 'carry-out' && handling.tasks[0]?.instructions).toContain('撕毁');
  });

  it('cancel of a packed order returns the parcel to stock, and the refund waits for the restock', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, packed)).toMatchObject({
      kind: 'carry-out',
      requestRefund: true,
      refundWhen: 'on-restock',
    });
    expect(tasksOf(ChangeKind.CHANGE_KIND_CANCELLATION, packed)).toEqual([
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL],
      [Desk.DESK_WAREHOUSE, DeskTaskKind.DESK_TASK_KIND_RESTOCK],
    ]);
  });

  it('shipped: not here, after-sales intercepts the parcel', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_CANCELLATION, shipped)).toEqual({
      kind: 'hand-over-to-aftersales',
      reason: HandOverReason.HAND_OVER_REASON_CANCELLATION,
    });
  });
});

describe('special requests go to the printing desk', () => {
  for (const stage of [placed, paid, printed, packed]) {
    it(`before shipping (${stage}): a printing-desk task`, () => {
      expect(tasksOf(ChangeKind.CHANGE_KIND_SPECIAL_REQUEST, stage)).toEqual([
        [Desk.DESK_PRINTING, DeskTaskKind.DESK_TASK_KIND_SPECIAL_REQUEST],
      ]);
    });
  }

  it('shipped: refused, there is nothing left to print or pack', () => {
    expect(changeHandling(ChangeKind.CHANGE_KIND_SPECIAL_REQUEST, shipped)).toMatchObject({
      kind: 'refuse',
      rule: 'order-desk.special-request-too-late-once-shipped',
    });
  });
});

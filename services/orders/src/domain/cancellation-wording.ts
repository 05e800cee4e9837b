import type { FulfilmentStage } from './fulfilment-stage.js';
import { type ChangeHandling, stageRow } from './fulfilment-stage-table.rule.js';

/** What a cancellation's remark says was done, by stage, and when after-sales refunds. */
export function cancellationWording(stage: FulfilmentStage, handling: ChangeHandling): string {
  const refund = handling.kind === 'carry-out' && handling.requestRefund ? '，退款交由售后处理' : '';
  // Packed: the refund waits for the goods to be back in stock.
  const refundOnRestock = handling.kind === 'carry-out' && handling.requestRefund ? '后由售后退款' : '';
  switch (stageRow(stage)) {
    case 'not-printed':
      return `订单已作废${refund}`;
    case 'printed':
      return `已通知仓库取回发货单与快递单撕毁${refund}`;
    case 'packed':
      return `已通知仓库取回包裹，货品入库${refundOnRestock}`;
    case 'shipped':
      return '已发货，交由售后拦截';
  }
}

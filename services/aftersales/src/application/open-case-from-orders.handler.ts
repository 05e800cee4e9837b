import { CaseKind, OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import {
  HandOverReason,
  type OrderHandedToAftersales,
  type OrderRefundRequested,
} from '@cs/contracts/cs/orders/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import {
  caseKindForHandOver,
  handOverGoods,
  handOverOriginKey,
  legacyHandOverOriginKey,
  refundOriginKey,
} from '../domain/orders-hand-over.rule.js';
import { openCase } from './case-opening.js';

const reasonText: Record<string, string> = {
  HAND_OVER_REASON_ADDRESS_CHANGE: '已发货订单改地址：拦截后按新地址重新派送 (address change after shipping)',
  HAND_OVER_REASON_ATTRIBUTE_CHANGE: '已发货订单改属性：换货 (attribute change after shipping)',
  HAND_OVER_REASON_CANCELLATION: '已发货订单取消：拦截后退款 (cancelled after shipping)',
};

/**
 * Cases the order desk's events open, in the event's own transaction (ctx.em, committed with the
 * inbox row). Once per originating order and cause (and line, for an exchange), whatever the bus delivers.
 */
@Injectable()
export class OpenCaseFromOrdersHandler {
  async refundRequested(em: EntityManager, event: OrderRefundRequested, eventId: string): Promise<void> {
    // An event naming no order has nothing to open a case about.
    if (!event.orderId) return;
    await openCase(
      em,
      {
        kind: CaseKind.CASE_KIND_REFUND_ONLY,
        customer: event.customer ?? { customerId: '', displayName: '' },
        orderId: event.orderId,
        origin: { source: OriginSource.ORIGIN_SOURCE_ORDERS, reference: eventId },
        originKey: refundOriginKey(event.orderId),
        reason: `订单取消退款 (${event.reason}, at ${event.stageAtCancellation})`,
        qualityProblem: false,
        parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
        items: [],
        requestedAmount: event.amount,
        extendReceiptDays: 0,
        openedBy: event.requestedBy,
      },
      new Date(),
    );
  }

  async handedOver(em: EntityManager, event: OrderHandedToAftersales, eventId: string): Promise<void> {
    const kind = caseKindForHandOver(event.reason);
    if (!kind || !event.orderId) return;
    if (await this.openedBeforeCasesPerLine(em, event)) return;
    await openCase(
      em,
      {
        kind,
        customer: event.customer ?? { customerId: '', displayName: '' },
        orderId: event.orderId,
        origin: { source: OriginSource.ORIGIN_SOURCE_ORDERS, reference: eventId },
        originKey: handOverOriginKey(event),
        reason: reasonText[event.reason] ?? event.reason,
        qualityProblem: false,
        parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
        ...handOverGoods(event),
        extendReceiptDays: 0,
        redeliveryAddress: event.requestedAddress,
        openedBy: event.requestedBy,
      },
      new Date(),
    );
  }

  /** This line's exchange, opened under the key of one case per order (before cases per line). */
  private async openedBeforeCasesPerLine(em: EntityManager, event: OrderHandedToAftersales): Promise<boolean> {
    const sku = event.boughtItem?.sku;
    if (!sku || event.reason !== HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE) return false;
    const legacy = await em.findOne(AftersalesCase, {
      originKey: legacyHandOverOriginKey(event.orderId, event.reason),
    });
    return Boolean(legacy?.items.some((item) => item.sku === sku));
  }
}

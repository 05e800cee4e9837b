import { OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import type { RemedyChosen } from '@cs/contracts/cs/complaints/v1/events';
import { LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { caseKindForRemedy, complaintCaseGoods, complaintOriginKey } from '../domain/complaint-remedy.rule.js';
import { openCase } from './case-opening.js';

const REASON_MAX = 500;

/** The case's reason names the complaint (once: the complaints desk may have named it already). */
function caseReason(event: RemedyChosen): string {
  const what = event.reason || event.remedy?.description || '';
  return (what.includes(event.number) ? what : `投诉 ${event.number}：${what}`).slice(0, REASON_MAX);
}

/**
 * The complaints desk's chosen remedies that after-sales carries out (reissue, refund, return,
 * exchange), opened in the event's own transaction (ctx.em, committed with the inbox row): once
 * per chosen option, whatever the bus delivers. The case's origin names the complaint, so the
 * complaint can follow the case's events.
 */
@Injectable()
export class OpenCaseFromComplaintsHandler {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async remedyChosen(em: EntityManager, event: RemedyChosen): Promise<void> {
    const kind = event.remedy ? caseKindForRemedy(event.remedy.kind) : undefined;
    // Compensation and apology-only are settled by the complaints desk: nothing for after-sales.
    if (!kind) return;
    if (!event.complaintId || !event.orderId) {
      this.logger.warn({ complaintId: event.complaintId }, 'remedy_chosen names no complaint or order: no case opened');
      return;
    }
    const { kase, created } = await openCase(
      em,
      {
        kind,
        customer: event.customer ?? { customerId: '', displayName: '' },
        orderId: event.orderId,
        origin: { source: OriginSource.ORIGIN_SOURCE_COMPLAINT, reference: event.complaintId },
        originKey: complaintOriginKey(event.complaintId, event.remedy!.optionId, kind),
        reason: caseReason(event),
        qualityProblem: event.qualityProblem,
        parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
        ...complaintCaseGoods(event, kind),
        extendReceiptDays: 0,
      },
      new Date(),
    );
    if (created)
      this.logger.info(
        { caseId: kase.id, complaintId: event.complaintId },
        `case opened for complaint ${event.number}`,
      );
  }
}

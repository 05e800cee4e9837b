import { randomUUID } from 'node:crypto';
import { DetailsChaseStatus, type MissingDetail } from '@cs/contracts/cs/aftersales/v1/case';
import type { CustomerRef } from '@cs/contracts/cs/common/v1/refs';

/**
 * A front-line after-sales request that lacked what a case needs (the order, or what the customer
 * wants): the desk asks the customer. One per conversation; opening the conversation's case resolves it.
 */
export class DetailsChase {
  id!: string;
  conversationId!: string;
  customer!: CustomerRef;
  orderId!: string;
  description!: string;
  missing!: MissingDetail[];
  status!: DetailsChaseStatus;
  openedAt!: Date;
  resolvedAt?: Date | null;
  caseId?: string | null;
  version!: number;

  static open(
    request: { conversationId: string; customer: CustomerRef; orderId: string; description: string },
    missing: MissingDetail[],
    at: Date,
  ): DetailsChase {
    return Object.assign(new DetailsChase(), {
      ...request,
      id: randomUUID(),
      missing,
      status: DetailsChaseStatus.DETAILS_CHASE_STATUS_OPEN,
      openedAt: at,
      resolvedAt: null,
      caseId: null,
    });
  }

  isOpen(): boolean {
    return this.status === DetailsChaseStatus.DETAILS_CHASE_STATUS_OPEN;
  }

  /** The customer said what was missing and the case is open; a resolved chase stays resolved. */
  resolve(caseId: string, at: Date): boolean {
    if (!this.isOpen()) return false;
    this.status = DetailsChaseStatus.DETAILS_CHASE_STATUS_RESOLVED;
    this.caseId = caseId;
    this.resolvedAt = at;
    return true;
  }
}

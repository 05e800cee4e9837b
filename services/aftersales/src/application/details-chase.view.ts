import type { DetailsChase as DetailsChaseMessage } from '@cs/contracts/cs/aftersales/v1/case';
import type { DetailsChase } from '../domain/details-chase.entity.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

export function detailsChaseView(chase: DetailsChase): DetailsChaseMessage {
  return {
    chaseId: chase.id,
    conversationId: chase.conversationId,
    customer: chase.customer,
    orderId: chase.orderId,
    description: chase.description,
    missing: chase.missing,
    status: chase.status,
    openedAt: toTimestamp(chase.openedAt),
    resolvedAt: optionalTimestamp(chase.resolvedAt),
    caseId: chase.caseId ?? '',
  };
}

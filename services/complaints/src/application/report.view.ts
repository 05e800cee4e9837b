import type { ImprovementProposal, Penalty } from '@cs/contracts/cs/complaints/v1/reports_service';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { PenaltyRow } from '../infrastructure/penalty.repository.js';
import type { StoredProposal } from '../infrastructure/report.queries.js';

export function reportTimestamp(at: Date): Timestamp {
  const ms = at.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function penaltyView(row: PenaltyRow): Penalty {
  return {
    penaltyId: row.penaltyId,
    complaintId: row.complaintId,
    amount: { amountMinor: row.amountMinor, currency: row.currency },
    sequence: row.sequence,
    imposedAt: reportTimestamp(row.imposedAt),
    reversedAt: row.reversedAt ? reportTimestamp(row.reversedAt) : undefined,
  };
}

export function proposalView(p: StoredProposal): ImprovementProposal {
  return {
    proposalId: p.proposalId,
    rootCause: { type: p.rootCauseType, category: p.rootCauseCategory, subcategory: p.rootCauseSubcategory },
    text: p.text,
    proposedBy: { agentId: p.proposedById, name: p.proposedByName },
    proposedAt: reportTimestamp(p.proposedAt),
  };
}

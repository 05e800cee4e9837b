import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  AgreementChannel,
  ComplaintNature,
  EscalationLevel,
  ExecutionStatus,
  RemedyKind,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';

// Parts of the complaint file, stored as JSON; times are ISO 8601 text for that reason.

export interface FactsRecord {
  orderIds: string[];
  purchasedAt?: string;
  productModel: string;
  skus: string[];
  whatHappened: string;
  waybillNo: string;
}

export interface EvidenceRecord {
  id: string;
  contentType: string;
  description: string;
  sizeBytes: number;
  attachedAt: string;
  attachedBy: AgentRef;
}

export interface RootCauseRecord {
  type: string;
  category: string;
  subcategory: string;
}

export interface AnalysisRecord {
  nature: ComplaintNature;
  severity: Severity;
  responsibleParty: ResponsibleParty;
  responsibleAgent?: AgentRef;
  rootCause: RootCauseRecord;
  note: string;
  analysedBy: AgentRef;
  analysedAt: string;
  revision: number;
}

export interface RemedyOptionRecord {
  optionId: string;
  kind: RemedyKind;
  days: number;
  amount?: Money;
  description: string;
}

export interface RoundRecord {
  round: number;
  options: RemedyOptionRecord[];
  proposedBy: AgentRef;
  proposedAt: string;
  chosenOptionId: string;
  refused: boolean;
  answeredVia?: AgreementChannel;
  answeredAt?: string;
  customerWords: string;
}

export interface ExecutionRecord {
  remedy: RemedyOptionRecord;
  status: ExecutionStatus;
  aftersalesCaseId: string;
  aftersalesCaseState: string;
  compensationPaid?: Money;
  compensationReference?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface EvaluationRecord {
  score: number;
  comment: string;
  recordedBy: AgentRef;
  recordedAt: string;
}

/** One row of complaint_step: who did what, when, and the stage it moved the file between. */
export interface StepRecord {
  seq: number;
  action: string;
  stageFrom: string;
  stageTo: string;
  actor: AgentRef;
  at: Date;
  note: string;
  /** Set on an 'escalated' step taken in this unit of work (for its event); not stored in the row. */
  escalation?: { from: EscalationLevel; to: EscalationLevel; automatic: boolean; reason: string };
}

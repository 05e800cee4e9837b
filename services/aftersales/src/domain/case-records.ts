import type {
  CaseItem,
  CaseOrigin,
  CaseState,
  InspectionOutcome,
  RefundMethod,
  ReimbursementStatus,
} from '@cs/contracts/cs/aftersales/v1/case';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';

// Parts of a case, stored as JSON; times are ISO 8601 text for that reason.

export type { CaseItem, CaseOrigin };

export interface EvidenceRecord {
  id: string;
  contentType: string;
  description: string;
  sizeBytes: number;
  attachedAt: string;
}

export interface VerificationRecord {
  verified: boolean;
  note: string;
  by: AgentRef;
  at: string;
}

export interface WaybillRecord {
  courier: string;
  trackingNumber: string;
  at: string;
}

export interface InspectionRecord {
  undamaged: boolean;
  packagingComplete: boolean;
  resellable: boolean;
  outcome: InspectionOutcome;
  note: string;
  by: AgentRef;
  at: string;
}

export interface RefundRecord {
  amount: Money;
  method: RefundMethod;
  transactionReference: string;
  by: AgentRef;
  at: string;
}

export interface RecallRecord {
  courier: string;
  trackingNumber: string;
  returnSlipNumber: string;
  courierPartHandedOver: boolean;
  warehousePartKept: boolean;
  at: string;
}

export interface SignInRecord {
  signedBy: string;
  signedAt: string;
  remark: string;
}

export interface RepairRecord {
  provider: string;
  providerTicket: string;
  sentAt: string;
  returnedAt?: string;
  note: string;
}

export interface ReimbursementRecord {
  amount: Money;
  status: ReimbursementStatus;
  method?: RefundMethod;
  transactionReference?: string;
  paidAt?: string;
}

export interface HistoryRecord {
  action: string;
  from: CaseState;
  to: CaseState;
  agent?: AgentRef;
  at: string;
  note: string;
}

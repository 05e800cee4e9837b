import { randomUUID } from 'node:crypto';
import { ComplaintNature, RemedyKind, ResponsibleParty, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { ProposedRemedy } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { IncidentsServiceService } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { bearerFor, type TestCaller } from '@cs/testing';
import type { ComplaintsHarness } from './complaints-fixture.js';

export type IncidentsClient = PromiseClient<typeof IncidentsServiceService>;

/** An IncidentsService client acting as `caller`; closed with the harness' clients by the test. */
export function incidentsClient(h: ComplaintsHarness, caller: TestCaller): IncidentsClient {
  return createGrpcClient(IncidentsServiceService, h.sut.service.grpcAddress, { bearer: bearerFor(caller) });
}

export const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

export const emergencyOptions: ProposedRemedy[] = [
  { kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, amount: undefined, description: '补发新品，3天内送达' },
  { kind: RemedyKind.REMEDY_KIND_COMPENSATION, days: 0, amount: cny(2000), description: '20元无门槛券' },
];

/** Takes a file opened as OTHER through facts, verification and analysis: it waits for a proposal. */
export async function bringToProposing(h: ComplaintsHarness, complaintId: string, skus: string[]): Promise<void> {
  await h.complaints.recordFacts({
    complaintId,
    facts: {
      orderIds: ['TB1001'],
      purchasedAt: undefined,
      productModel: '',
      skus,
      whatHappened: '杯子漏水',
      waybillNo: '',
    },
    claimedNature: ComplaintNature.COMPLAINT_NATURE_OTHER,
    expectedVersion: 0,
    idempotencyKey: randomUUID(),
  });
  await h.complaints.completeVerification({ complaintId, note: '', expectedVersion: 0, idempotencyKey: randomUUID() });
  await h.complaints.recordAnalysis({
    complaintId,
    nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
    severity: Severity.SEVERITY_ORDINARY,
    responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_SHOP,
    responsibleAgent: undefined,
    rootCause: { type: 'product', category: 'quality', subcategory: 'defect' },
    note: '批次问题',
    expectedVersion: 0,
    idempotencyKey: randomUUID(),
  });
}

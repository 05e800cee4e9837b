import { randomUUID } from 'node:crypto';
import {
  AftersalesServiceService,
  type ListCasesRequest,
  type OpenCaseRequest,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { type AftersalesCase, CaseKind, CaseState, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import { ReviewsServiceService } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { TrackingServiceService } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { EventRecorder, type ServiceUnderTest, startServiceUnderTest } from '@cs/testing';
import { inject } from 'vitest';
import { aftersalesService } from '../../src/aftersales.service.js';

export const agent = { agentId: 'agent-9', name: '王五' };
export const customer = { customerId: 'buyer-1', displayName: '李四' };
export const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

export interface AftersalesHarness {
  sut: ServiceUnderTest;
  cases: PromiseClient<typeof AftersalesServiceService>;
  tracking: PromiseClient<typeof TrackingServiceService>;
  reviews: PromiseClient<typeof ReviewsServiceService>;
  events: EventRecorder;
  http(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Opens a case of this kind for a fresh order; overrides change the request. */
  open(kind: CaseKind, overrides?: Partial<OpenCaseRequest>): Promise<AftersalesCase>;
  close(): Promise<void>;
}

export function openRequest(kind: CaseKind, overrides: Partial<OpenCaseRequest> = {}): OpenCaseRequest {
  return {
    kind,
    customer,
    orderId: `TB${randomUUID().slice(0, 8)}`,
    origin: undefined,
    reason: '客户申请售后',
    qualityProblem: false,
    parcelProblem:
      kind === CaseKind.CASE_KIND_PARCEL_PROBLEM
        ? ParcelProblem.PARCEL_PROBLEM_LOST
        : ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
    items: [{ sku: 'MUG-RED', title: '红色马克杯', quantity: 1, attributes: {} }],
    wantedItem:
      kind === CaseKind.CASE_KIND_EXCHANGE
        ? { sku: 'MUG-BLUE', title: '蓝色马克杯', quantity: 1, attributes: {} }
        : undefined,
    requestedAmount: cny(1999),
    extendReceiptDays: kind === CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME ? 5 : 0,
    redeliveryAddress: undefined,
    agent,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

export function listRequest(filter: Partial<ListCasesRequest>): ListCasesRequest {
  return {
    customerId: '',
    orderId: '',
    kind: CaseKind.CASE_KIND_UNSPECIFIED,
    state: CaseState.CASE_STATE_UNSPECIFIED,
    overdueOnly: false,
    page: undefined,
    ...filter,
  };
}

export async function startAftersales(env: Record<string, string> = {}): Promise<AftersalesHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(aftersalesService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const address = sut.service.grpcAddress;
  const cases = createGrpcClient(AftersalesServiceService, address);
  const tracking = createGrpcClient(TrackingServiceService, address);
  const reviews = createGrpcClient(ReviewsServiceService, address);
  return {
    sut,
    cases,
    tracking,
    reviews,
    events,
    async http(path, body, headers = {}) {
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async open(kind, overrides) {
      const { case: opened } = await cases.openCase(openRequest(kind, overrides));
      return opened!;
    },
    async close() {
      cases.close();
      tracking.close();
      reviews.close();
      await events.stop();
      await sut.close();
    },
  };
}

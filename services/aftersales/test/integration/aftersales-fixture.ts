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
import {
  authAs,
  bearerFor,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { inject } from 'vitest';
import { aftersalesService } from '../../src/aftersales.service.js';

/** Who the desk's calls act as: the token's agent_id and name, as case records name them. */
export const agent = { agentId: 'agent-9', name: '王五' };
export const aftersalesAgent: TestCaller = { roles: ['aftersales-agent'], team: 'aftersales', ...agent };
/** The shop platform's connector: feeds tracking updates and reviews with its client credentials. */
export const connector: TestCaller = { roles: ['service'], agentId: 'service:platform-connector' };
export const customer = { customerId: 'buyer-1', displayName: '李四' };
export const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

export interface AftersalesClients {
  cases: PromiseClient<typeof AftersalesServiceService>;
  tracking: PromiseClient<typeof TrackingServiceService>;
  reviews: PromiseClient<typeof ReviewsServiceService>;
}

/** The desk's clients act as `aftersalesAgent`; `platform` as the connector; `as(caller)` as anyone. */
export interface AftersalesHarness extends AftersalesClients {
  sut: ServiceUnderTest;
  platform: AftersalesClients;
  as(caller: TestCaller): AftersalesClients;
  events: EventRecorder;
  /** POST as `caller` (null: no token); the HTTP gateway forwards the authorization header. */
  http(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
    caller?: TestCaller | null,
  ): Promise<{ status: number; body: any }>;
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
  const clientSets: AftersalesClients[] = [];
  const as = (caller: TestCaller): AftersalesClients => {
    const bearer = bearerFor(caller);
    const clients = {
      cases: createGrpcClient(AftersalesServiceService, address, { bearer }),
      tracking: createGrpcClient(TrackingServiceService, address, { bearer }),
      reviews: createGrpcClient(ReviewsServiceService, address, { bearer }),
    };
    clientSets.push(clients);
    return clients;
  };
  const { cases, tracking, reviews } = as(aftersalesAgent);
  return {
    sut,
    cases,
    tracking,
    reviews,
    platform: as(connector),
    as,
    events,
    async http(path, body, headers = {}, caller = aftersalesAgent) {
      const auth = caller ? await authAs(caller) : {};
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async open(kind, overrides) {
      const { case: opened } = await cases.openCase(openRequest(kind, overrides));
      return opened!;
    },
    async close() {
      for (const clients of clientSets) for (const client of Object.values(clients)) client.close();
      await events.stop();
      await sut.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { EventPayload, EventSubject } from '@cs/contracts';
import {
  type Complaint,
  ComplaintNature,
  ComplaintSource,
  ComplaintStage,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import {
  ComplaintsServiceService,
  type ListComplaintsRequest,
  type OpenComplaintRequest,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { RootCausesServiceService } from '@cs/contracts/cs/complaints/v1/root_causes_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import {
  authAs,
  bearerFor,
  EventRecorder,
  type PublishAsProducerOptions,
  publishAsProducer,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { inject } from 'vitest';
import { complaintsService } from '../../src/complaints.service.js';

/** The complaints handler the desk's calls act as (token agent_id and name, as steps name them). */
export const handlerRef = { agentId: 'handler-1', name: '赵投诉' };
export const complaintsHandler: TestCaller = { roles: ['complaints-handler'], ...handlerRef };
export const supervisorCaller: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '刘主管' };
export const managerCaller: TestCaller = { roles: ['manager'], agentId: 'mgr-1', name: '陈经理' };
export const customer = { customerId: 'buyer-1', displayName: '李四' };
export const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

export interface ComplaintsClients {
  complaints: PromiseClient<typeof ComplaintsServiceService>;
  rootCauses: PromiseClient<typeof RootCausesServiceService>;
}

export interface ComplaintsHarness extends ComplaintsClients {
  sut: ServiceUnderTest;
  as(caller: TestCaller): ComplaintsClients;
  events: EventRecorder;
  /** POST to the HTTP mirror as `caller` (null: no token). */
  http(path: string, body: unknown, caller?: TestCaller | null): Promise<{ status: number; body: any }>;
  /** Publishes another service's event as its relay does; resolves once complaints acknowledged it. */
  publish<S extends EventSubject>(
    subject: S,
    payload: EventPayload<S>,
    options?: PublishAsProducerOptions,
  ): Promise<string>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Opens a DIRECT complaint; overrides change the request. */
  open(overrides?: Partial<OpenComplaintRequest>): Promise<Complaint>;
  close(): Promise<void>;
}

export function openRequest(overrides: Partial<OpenComplaintRequest> = {}): OpenComplaintRequest {
  return {
    source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
    sourceReference: '',
    customer,
    conversationId: '',
    orderIds: ['TB1001'],
    skus: [`SKU-${randomUUID().slice(0, 8)}`],
    description: '收到的杯子有裂纹',
    remedySought: '补发',
    claimedNature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
    severity: Severity.SEVERITY_UNSPECIFIED,
    externalDeadline: undefined,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

export function listRequest(filter: Partial<ListComplaintsRequest>): ListComplaintsRequest {
  return {
    stage: ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED,
    handlerAgentId: '',
    customerId: '',
    severity: Severity.SEVERITY_UNSPECIFIED,
    incidentId: '',
    overdueOnly: false,
    page: undefined,
    ...filter,
  };
}

export async function startComplaints(env: Record<string, string> = {}): Promise<ComplaintsHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(complaintsService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const nc: NatsConnection = await connect({ servers: sut.service.config.natsServers });
  const address = sut.service.grpcAddress;
  const clientSets: ComplaintsClients[] = [];
  const as = (caller: TestCaller): ComplaintsClients => {
    const bearer = bearerFor(caller);
    const clients = {
      complaints: createGrpcClient(ComplaintsServiceService, address, { bearer }),
      rootCauses: createGrpcClient(RootCausesServiceService, address, { bearer }),
    };
    clientSets.push(clients);
    return clients;
  };
  const { complaints, rootCauses } = as(complaintsHandler);
  return {
    sut,
    complaints,
    rootCauses,
    as,
    events,
    async http(path, body, caller = complaintsHandler) {
      const auth = caller ? await authAs(caller) : {};
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    publish(subject, payload, options = {}) {
      return publishAsProducer(
        nc,
        { subjectPrefix: sut.subjectPrefix, consumer: 'complaints' },
        subject,
        payload,
        options,
      );
    },
    sql(query, params = []) {
      return sut.service.orm.em.fork().execute(query, params as never[]);
    },
    async open(overrides) {
      const { complaint } = await complaints.openComplaint(openRequest(overrides));
      return complaint!;
    },
    async close() {
      for (const clients of clientSets) for (const client of Object.values(clients)) client.close();
      await nc.drain();
      await events.stop();
      await sut.close();
    },
  };
}

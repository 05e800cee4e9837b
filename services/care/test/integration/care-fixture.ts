import { codecFor, type EventPayload, type EventSubject } from '@cs/contracts';
import { CustomersServiceService } from '@cs/contracts/cs/care/v1/customers_service';
import { LoyaltyServiceService } from '@cs/contracts/cs/care/v1/loyalty_service';
import { RevisitsServiceService } from '@cs/contracts/cs/care/v1/revisits_service';
import { SurveysServiceService } from '@cs/contracts/cs/care/v1/surveys_service';
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
import { careService } from '../../src/care.service.js';

export const careAgent: TestCaller = { roles: ['care-agent'], agentId: 'care-7', name: '赵六' };
export const supervisor: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '孙八', team: 'care' };
export const connector: TestCaller = { roles: ['service'], agentId: 'service:channel-gateway' };

export interface CareClients {
  customers: PromiseClient<typeof CustomersServiceService>;
  loyalty: PromiseClient<typeof LoyaltyServiceService>;
  revisits: PromiseClient<typeof RevisitsServiceService>;
  surveys: PromiseClient<typeof SurveysServiceService>;
}

export interface CareHarness extends CareClients {
  sut: ServiceUnderTest;
  events: EventRecorder;
  as(caller: TestCaller): CareClients;
  /** Publishes another service's event as its relay does; resolves once care has acknowledged it. */
  publish<S extends EventSubject>(
    subject: S,
    payload: EventPayload<S>,
    options?: PublishAsProducerOptions,
  ): Promise<string>;
  /** The same, from the event's proto3 JSON as the producer writes it (unset fields take their defaults). */
  publishJson(subject: EventSubject, json: unknown, options?: PublishAsProducerOptions): Promise<string>;
  /** POST as `caller` to the HTTP mirror, e.g. `/cs.care.v1.CustomersService/GetCustomerProfile`. */
  http(path: string, body: unknown, caller?: TestCaller): Promise<{ status: number; body: any }>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** ce-subject as the producer sets it: the aggregate the event is about. */
function aggregateOf(payload: unknown): string {
  const p = payload as Record<string, any>;
  return (
    p.orderId ??
    p.order?.orderId ??
    p.conversationId ??
    p.caseId ??
    p.case?.caseId ??
    p.complaintId ??
    p.complaint?.complaintId ??
    'aggregate'
  );
}

export async function startCare(env: Record<string, string> = {}): Promise<CareHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(careService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const nc: NatsConnection = await connect({ servers: sut.service.config.natsServers });
  const address = sut.service.grpcAddress;
  const clientSets: CareClients[] = [];
  const as = (caller: TestCaller): CareClients => {
    const bearer = bearerFor(caller);
    const clients = {
      customers: createGrpcClient(CustomersServiceService, address, { bearer }),
      loyalty: createGrpcClient(LoyaltyServiceService, address, { bearer }),
      revisits: createGrpcClient(RevisitsServiceService, address, { bearer }),
      surveys: createGrpcClient(SurveysServiceService, address, { bearer }),
    };
    clientSets.push(clients);
    return clients;
  };
  return {
    sut,
    events,
    as,
    ...as(careAgent),
    publish: (subject, payload, options = {}) =>
      publishAsProducer(nc, { subjectPrefix: sut.subjectPrefix, consumer: 'care' }, subject, payload, {
        aggregateId: aggregateOf(payload),
        ...options,
      }),
    publishJson: (subject, json, options = {}) =>
      publishAsProducer(
        nc,
        { subjectPrefix: sut.subjectPrefix, consumer: 'care' },
        subject,
        codecFor(subject).fromJSON(json),
        { aggregateId: aggregateOf(json), ...options },
      ),
    async http(path, body, caller = careAgent) {
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authAs(caller)) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    sql: (query, params = []) => sut.service.orm.em.fork().execute(query, params),
    async close() {
      for (const clients of clientSets) for (const client of Object.values(clients)) client.close();
      await nc.drain();
      await events.stop();
      await sut.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import { ComplaintsServiceService } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { ComplaintReportsServiceService } from '@cs/contracts/cs/complaints/v1/reports_service';
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
import { complaintsService } from '../../src/complaints.service.js';

export const supervisor: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '刘主管' };
export const manager: TestCaller = { roles: ['manager'], agentId: 'mgr-1', name: '陈经理' };
export const handler: TestCaller = { roles: ['complaints-handler'], agentId: 'handler-1', name: '赵投诉' };
export const frontLine: TestCaller = { roles: ['front-line-agent'], agentId: 'agent-7', name: '张三' };

export type ReportsClient = PromiseClient<typeof ComplaintReportsServiceService>;
export type DeskClient = PromiseClient<typeof ComplaintsServiceService>;

/** A complaint file as the reports read it, written straight into migration 0001's table. */
export interface SeededComplaint {
  complaintId?: string;
  source?: string;
  stage?: string;
  severity?: string;
  nature?: string;
  handler?: { agentId: string; name: string };
  rootCause?: [string, string, string];
  responsibleParty?: string;
  responsibleAgent?: { agentId: string; name: string };
  remedyKind?: string;
  openedAt: Date;
  archivedAt?: Date;
  evaluationScore?: number;
  /** Stage changes after the opening, in order: [from, to, at, action?]. */
  steps?: [string, string, Date, string?][];
}

export interface ReportsHarness {
  sut: ServiceUnderTest;
  events: EventRecorder;
  as(caller: TestCaller): ReportsClient;
  /** The complaint desk's own RPCs (ComplaintsService), for flows the reports read. */
  desk(caller: TestCaller): DeskClient;
  /** GET as `caller` (null: no token). */
  get(path: string, caller?: TestCaller | null): Promise<Response>;
  /** POST to the HTTP mirror of an RPC as `caller` (null: no token). */
  post(path: string, body: unknown, caller?: TestCaller | null, headers?: Record<string, string>): Promise<Response>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  seed(complaint: SeededComplaint): Promise<string>;
  close(): Promise<void>;
}

export async function startReports(env: Record<string, string> = {}): Promise<ReportsHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(complaintsService, infrastructure, {
    SHOP_TIMEZONE: 'Asia/Shanghai',
    ...env,
  });
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const clients: { close(): void }[] = [];
  const sql = <T>(query: string, params: unknown[] = []) =>
    sut.service.orm.em.fork().execute<T[]>(query, params as never[]);
  let numbers = 0;
  return {
    sut,
    events,
    as(caller) {
      const client = createGrpcClient(ComplaintReportsServiceService, sut.service.grpcAddress, {
        bearer: bearerFor(caller),
      });
      clients.push(client);
      return client;
    },
    desk(caller) {
      const client = createGrpcClient(ComplaintsServiceService, sut.service.grpcAddress, { bearer: bearerFor(caller) });
      clients.push(client);
      return client;
    },
    async get(path, caller = supervisor) {
      return fetch(`${sut.service.httpUrl}${path}`, { headers: caller ? await authAs(caller) : {} });
    },
    async post(path, body, caller = supervisor, headers = {}) {
      return fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(caller ? await authAs(caller) : {}), ...headers },
        body: JSON.stringify(body),
      });
    },
    sql,
    async seed(c) {
      const id = c.complaintId ?? randomUUID();
      numbers += 1;
      const stage = c.stage ?? (c.archivedAt ? 'COMPLAINT_STAGE_ARCHIVED' : 'COMPLAINT_STAGE_VERIFYING');
      await sql(
        `insert into complaint (complaint_id, number, source, customer_id, customer, claimed_nature, stage, severity,
           nature, escalation_level, handler_agent_id, handler_name, root_cause_type, root_cause_category,
           root_cause_subcategory, responsible_party, responsible_agent_id, responsible_agent_name, remedy_kind,
           evaluation_score, opened_at, archived_at, updated_at, stage_entered_at)
         values (?, ?, ?, 'buyer-1', '{"customerId":"buyer-1","displayName":"李四"}'::jsonb, ?, ?, ?, ?,
           'ESCALATION_LEVEL_AGENT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          `TS-TEST-${randomUUID().slice(0, 8)}-${numbers}`,
          c.source ?? 'COMPLAINT_SOURCE_CONVERSATION',
          c.nature ?? 'COMPLAINT_NATURE_PRODUCT_QUALITY',
          stage,
          c.severity ?? 'SEVERITY_ORDINARY',
          c.nature ?? 'COMPLAINT_NATURE_PRODUCT_QUALITY',
          c.handler?.agentId ?? null,
          c.handler?.name ?? null,
          c.rootCause?.[0] ?? null,
          c.rootCause?.[1] ?? null,
          c.rootCause?.[2] ?? null,
          c.responsibleParty ?? null,
          c.responsibleAgent?.agentId ?? null,
          c.responsibleAgent?.name ?? null,
          c.remedyKind ?? null,
          c.evaluationScore ?? null,
          c.openedAt,
          c.archivedAt ?? null,
          c.archivedAt ?? c.openedAt,
          c.steps?.at(-1)?.[2] ?? c.openedAt,
        ],
      );
      const rows: [string, string, Date, string][] = [
        ['COMPLAINT_STAGE_UNSPECIFIED', 'COMPLAINT_STAGE_VERIFYING', c.openedAt, 'opened'],
        ...(c.steps ?? []).map(([from, to, at, action]): [string, string, Date, string] => [
          from,
          to,
          at,
          action ?? 'moved',
        ]),
      ];
      for (const [seq, [from, to, at, action]] of rows.entries()) {
        await sql(
          `insert into complaint_step (complaint_id, seq, action, stage_from, stage_to, actor_id, actor_name, at)
           values (?, ?, ?, ?, ?, 'handler-1', '赵投诉', ?)`,
          [id, seq + 1, action, from, to, at],
        );
      }
      return id;
    },
    async close() {
      for (const client of clients) client.close();
      await events.stop();
      await sut.close();
    },
  };
}

export const key = () => randomUUID();

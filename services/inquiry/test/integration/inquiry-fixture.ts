import { randomUUID } from 'node:crypto';
import { AgentRole, AgentsServiceService, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { DeskServiceService } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { ReportsServiceService } from '@cs/contracts/cs/inquiry/v1/reports_service';
import { RulesServiceService } from '@cs/contracts/cs/inquiry/v1/rules_service';
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
import { inquiryService } from '../../src/inquiry.service.js';

/** Another party named in a request body (the salesperson credited with a sale). */
export const agentRef = (agentId: string, name = agentId) => ({ agentId, name });

/** A front-line agent's token; `team` is the team claim (their registration may add queues they serve). */
export const frontLine = (agentId: string, name = agentId, team?: string): TestCaller => ({
  roles: ['front-line-agent'],
  agentId,
  name,
  ...(team ? { team } : {}),
});

/** A supervisor's (主管) token. */
export const supervisor = (agentId: string, name = agentId, team?: string): TestCaller => ({
  roles: ['supervisor'],
  agentId,
  name,
  ...(team ? { team } : {}),
});

/** The department manager's (客服经理) token. */
export const manager = (agentId: string, name = agentId): TestCaller => ({ roles: ['manager'], agentId, name });

/**
 * Whoever sets up and looks on in these tests, unless a test says who acts: the manager, who sees the
 * whole department, and the platform admin, who registers agents and edits the rules.
 */
export const overseer: TestCaller = { roles: ['manager', 'platform-admin'], agentId: 'test-overseer', name: '王经理' };

/** The marketplace channel connector that delivers customer messages (a platform service). */
export const connector: TestCaller = { roles: ['service'], agentId: 'service:im-connector' };

/** The token an agent registered with this role signs in with. */
export function callerOf(agentId: string, role: AgentRole = AgentRole.AGENT_ROLE_AGENT, name = agentId): TestCaller {
  if (role === AgentRole.AGENT_ROLE_SUPERVISOR) return supervisor(agentId, name);
  if (role === AgentRole.AGENT_ROLE_MANAGER) return manager(agentId, name);
  return frontLine(agentId, name);
}

/** ListQueue for a team's own queue (not an escalation line). */
export const teamQueue = (team: string) => ({ team, escalationLevel: EscalationLevel.ESCALATION_LEVEL_UNSPECIFIED });

export interface InquiryClients {
  conversations: PromiseClient<typeof ConversationsServiceService>;
  agents: PromiseClient<typeof AgentsServiceService>;
  rules: PromiseClient<typeof RulesServiceService>;
  desk: PromiseClient<typeof DeskServiceService>;
  reports: PromiseClient<typeof ReportsServiceService>;
  close(): void;
}

/** Clients whose every call carries this caller's token. */
export function clientsFor(grpcAddress: string, caller: TestCaller = overseer): InquiryClients {
  const bearer = bearerFor(caller);
  const clients = {
    conversations: createGrpcClient(ConversationsServiceService, grpcAddress, { bearer }),
    agents: createGrpcClient(AgentsServiceService, grpcAddress, { bearer }),
    rules: createGrpcClient(RulesServiceService, grpcAddress, { bearer }),
    desk: createGrpcClient(DeskServiceService, grpcAddress, { bearer }),
    reports: createGrpcClient(ReportsServiceService, grpcAddress, { bearer }),
  };
  return {
    ...clients,
    close: () => {
      for (const c of Object.values(clients)) c.close();
    },
  };
}

/** The overseer's clients, plus a way to act as anyone else. */
export interface InquiryHarness extends InquiryClients {
  sut: ServiceUnderTest;
  events: EventRecorder;
  /** The clients of this caller (made once per caller and closed with the harness). */
  as(caller: TestCaller): InquiryClients;
  /** POST over HTTP/JSON with the caller's token (the overseer's unless given; null: no token). */
  http(path: string, body: unknown, caller?: TestCaller | null): Promise<{ status: number; body: any }>;
  /** A customer message on marketplace IM, from a fresh customer unless one is given, as the connector delivers it. */
  ingest(
    body: string,
    options?: { customerId?: string; displayName?: string; sentAt?: Date; orderId?: string; channelMessageId?: string },
  ): ReturnType<InquiryClients['conversations']['ingestMessage']>;
  /** The platform admin registers an agent; the agent signs in with their own token. */
  agentOnline(agentId: string, teams: string[], capacity: number, role?: AgentRole): Promise<void>;
  stop(): Promise<void>;
}

export async function startInquiry(env: Record<string, string> = {}): Promise<InquiryHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(inquiryService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const clients = clientsFor(sut.service.grpcAddress);
  const byCaller = new Map<string, InquiryClients>();
  const as = (caller: TestCaller) => {
    const key = JSON.stringify(caller);
    const found = byCaller.get(key) ?? clientsFor(sut.service.grpcAddress, caller);
    byCaller.set(key, found);
    return found;
  };
  return {
    ...clients,
    sut,
    events,
    as,
    async http(path, body, caller = overseer) {
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(caller ? await authAs(caller) : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    ingest(body, options = {}) {
      const sentAt = options.sentAt ?? new Date();
      return as(connector).conversations.ingestMessage({
        channel: Channel.CHANNEL_MARKETPLACE_IM,
        channelMessageId: options.channelMessageId ?? randomUUID(),
        customer: {
          customerId: options.customerId ?? `buyer-${randomUUID().slice(0, 8)}`,
          displayName: options.displayName ?? '李四',
        },
        body,
        attachments: [],
        order: options.orderId ? { orderId: options.orderId } : undefined,
        sentAt: { seconds: Math.floor(sentAt.getTime() / 1000), nanos: 0 },
        priority: 'PRIORITY_UNSPECIFIED' as never,
      });
    },
    async agentOnline(agentId, teams, capacity, role = AgentRole.AGENT_ROLE_AGENT) {
      await clients.agents.registerAgent({ agentId, name: agentId, teams, role, capacity });
      await as(callerOf(agentId, role)).agents.setPresence({ agentId, presence: Presence.PRESENCE_ONLINE });
    },
    async stop() {
      clients.close();
      for (const c of byCaller.values()) c.close();
      await events.stop();
      await sut.close();
    },
  };
}

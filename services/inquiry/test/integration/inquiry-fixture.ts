import { randomUUID } from 'node:crypto';
import { AgentRole, AgentsServiceService, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { DeskServiceService } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { ReportsServiceService } from '@cs/contracts/cs/inquiry/v1/reports_service';
import { RulesServiceService } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { EventRecorder, type ServiceUnderTest, startServiceUnderTest } from '@cs/testing';
import { inject } from 'vitest';
import { inquiryService } from '../../src/inquiry.service.js';

export const agentRef = (agentId: string, name = agentId) => ({ agentId, name });

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

export function clientsFor(grpcAddress: string): InquiryClients {
  const clients = {
    conversations: createGrpcClient(ConversationsServiceService, grpcAddress),
    agents: createGrpcClient(AgentsServiceService, grpcAddress),
    rules: createGrpcClient(RulesServiceService, grpcAddress),
    desk: createGrpcClient(DeskServiceService, grpcAddress),
    reports: createGrpcClient(ReportsServiceService, grpcAddress),
  };
  return {
    ...clients,
    close: () => {
      for (const c of Object.values(clients)) c.close();
    },
  };
}

export interface InquiryHarness extends InquiryClients {
  sut: ServiceUnderTest;
  events: EventRecorder;
  http(path: string, body: unknown): Promise<{ status: number; body: any }>;
  /** A customer message on marketplace IM, from a fresh customer unless one is given. */
  ingest(
    body: string,
    options?: { customerId?: string; sentAt?: Date; orderId?: string; channelMessageId?: string },
  ): ReturnType<InquiryClients['conversations']['ingestMessage']>;
  /** Registers an agent and brings them online. */
  agentOnline(agentId: string, teams: string[], capacity: number, role?: AgentRole): Promise<void>;
  stop(): Promise<void>;
}

export async function startInquiry(env: Record<string, string> = {}): Promise<InquiryHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(inquiryService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const clients = clientsFor(sut.service.grpcAddress);
  return {
    ...clients,
    sut,
    events,
    async http(path, body) {
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    ingest(body, options = {}) {
      const sentAt = options.sentAt ?? new Date();
      return clients.conversations.ingestMessage({
        channel: Channel.CHANNEL_MARKETPLACE_IM,
        channelMessageId: options.channelMessageId ?? randomUUID(),
        customer: { customerId: options.customerId ?? `buyer-${randomUUID().slice(0, 8)}`, displayName: '李四' },
        body,
        attachments: [],
        order: options.orderId ? { orderId: options.orderId } : undefined,
        sentAt: { seconds: Math.floor(sentAt.getTime() / 1000), nanos: 0 },
        priority: 'PRIORITY_UNSPECIFIED' as never,
      });
    },
    async agentOnline(agentId, teams, capacity, role = AgentRole.AGENT_ROLE_AGENT) {
      await clients.agents.registerAgent({ agentId, name: agentId, teams, role, capacity });
      await clients.agents.setPresence({ agentId, presence: Presence.PRESENCE_ONLINE });
    },
    async stop() {
      clients.close();
      await events.stop();
      await sut.close();
    },
  };
}

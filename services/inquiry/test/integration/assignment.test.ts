import { AgentRole } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { type RunningService, startService } from '@cs/service-kit';
import { testAuthEnv, waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inquiryService } from '../../src/inquiry.service.js';
import {
  clientsFor,
  connector,
  frontLine,
  type InquiryClients,
  type InquiryHarness,
  startInquiry,
  teamQueue,
} from './inquiry-fixture.js';

let h: InquiryHarness;
let replica: RunningService;
let second: InquiryClients;
// The second replica's clients, by who calls.
const onSecond = (agentId: string) => clientsFor(replica.grpcAddress, frontLine(agentId));
beforeAll(async () => {
  h = await startInquiry();
  // A second replica on the same database and subject prefix: they share the agents and the queues.
  replica = await startService(inquiryService, {
    DATABASE_URL: h.sut.database.url,
    NATS_URL: h.sut.service.config.natsUrl,
    SUBJECT_PREFIX: h.sut.subjectPrefix,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    LOG_LEVEL: 'error',
    ...(await testAuthEnv('inquiry')),
  });
  second = clientsFor(replica.grpcAddress, connector);
});
afterAll(async () => {
  second?.close();
  await replica?.stop();
  await h?.stop();
});

async function openCountsFromConversations(): Promise<Map<string, number>> {
  const rows = await h.sut.service.orm.em
    .fork()
    .execute<{ assignee_id: string; n: string }[]>(
      `select assignee_id, count(*) as n from conversations where status = ? group by assignee_id`,
      [ConversationStatus.CONVERSATION_STATUS_ASSIGNED],
    );
  return new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
}

describe('assignment across two replicas', () => {
  it('40 contacts at once through both replicas: nobody over capacity, the rest queued', async () => {
    await h.agentOnline('a1', ['tracking'], 3);
    await h.agentOnline('a2', ['tracking'], 2);
    await h.agentOnline('a3', ['tracking'], 4);
    // The main account has the skill and room, and still serves nobody.
    await h.agentOnline('main', ['tracking'], 50, AgentRole.AGENT_ROLE_MAIN_ACCOUNT);
    const clients = [h.as(connector).conversations, second.conversations];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2]!.ingestMessage({
          channel: 'CHANNEL_WECHAT' as never,
          channelMessageId: `wx-${i}`,
          customer: { customerId: `c-${i}`, displayName: '' },
          body: '我的快递到哪了？',
          attachments: [],
          priority: 'PRIORITY_UNSPECIFIED' as never,
        }),
      ),
    );
    const assigned = results.filter((r) => r.conversation?.status === ConversationStatus.CONVERSATION_STATUS_ASSIGNED);
    expect(assigned).toHaveLength(9);
    const byAgent = await openCountsFromConversations();
    expect(Object.fromEntries(byAgent)).toEqual({ a1: 3, a2: 2, a3: 4 });
    for (const id of ['a1', 'a2', 'a3', 'main']) {
      const { agent } = await h.agents.getAgent({ agentId: id });
      expect(agent!.openConversations).toBe(byAgent.get(id) ?? 0);
      expect(agent!.openConversations).toBeLessThanOrEqual(agent!.capacity);
    }
    expect((await h.agents.listQueue(teamQueue('tracking'))).conversations).toHaveLength(31);
  });

  it('capacity freed on one replica takes the oldest waiting conversation; closing several at once on both replicas never overfills', async () => {
    const queueBefore = (await h.agents.listQueue(teamQueue('tracking'))).conversations;
    const oldest = queueBefore[0]!.conversationId;
    const { conversations: mine } = await h.conversations.listConversations({
      status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED,
      team: 'tracking',
      assigneeId: 'a1',
      page: undefined,
    });
    const a1 = onSecond('a1');
    await a1.conversations.closeConversation({ conversationId: mine[0]!.conversationId, result: '已告知物流' });
    a1.close();
    const { conversation } = await h.conversations.getConversation({ conversationId: oldest });
    expect(conversation?.assignee?.agentId).toBe('a1');
    expect(conversation?.assignments.at(-1)?.reason).toContain('queue');

    const { conversations: all } = await h.conversations.listConversations({
      status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED,
      team: 'tracking',
      assigneeId: '',
      page: undefined,
    });
    // Each agent closes their own, half of them through each replica.
    const closers = all.map((c, i) =>
      i % 2 ? onSecond(c.assignee!.agentId) : clientsFor(h.sut.service.grpcAddress, frontLine(c.assignee!.agentId)),
    );
    await Promise.all(
      all.map((c, i) =>
        closers[i]!.conversations.closeConversation({ conversationId: c.conversationId, result: 'done' }),
      ),
    );
    for (const closer of closers) closer.close();
    const byAgent = await openCountsFromConversations();
    expect(Object.fromEntries(byAgent)).toEqual({ a1: 3, a2: 2, a3: 4 });
    expect((await h.agents.listQueue(teamQueue('tracking'))).conversations).toHaveLength(31 - 1 - 9);
  });

  it('a transfer keeps the history; the main account cannot be given a conversation', async () => {
    await h.agentOnline('b1', ['general'], 2);
    await h.agentOnline('b2', ['general'], 2);
    const { conversation } = await h.ingest('hello');
    const from = conversation!.assignee!.agentId;
    const to = from === 'b1' ? 'b2' : 'b1';
    const fromSecond = onSecond(from);
    const moved = await fromSecond.conversations.transferConversation({
      conversationId: conversation!.conversationId,
      toAgentId: to,
      toTeam: '',
      reason: '专业问题',
    });
    fromSecond.close();
    expect(moved.conversation?.assignments.map((a) => a.agent?.agentId)).toEqual([from, to]);
    expect((await h.agents.getAgent({ agentId: from })).agent?.openConversations).toBe(0);
    const refused = await h
      .as(frontLine(to))
      .conversations.transferConversation({
        conversationId: conversation!.conversationId,
        toAgentId: 'main',
        toTeam: '',
        reason: '',
      })
      .catch((e) => e);
    expect(refused.code).toBe(9);
  });

  it('a transfer to a team is taken at once by someone there with room; the freed slot takes the next in its own queue', async () => {
    await h.agentOnline('as1', ['after-sales'], 1);
    const first = (await h.ingest('我要退货'))!.conversation!;
    const next = (await h.ingest('退款什么时候到'))!.conversation!;
    expect(first.assignee?.agentId).toBe('as1');
    expect(next.status).toBe(ConversationStatus.CONVERSATION_STATUS_QUEUED);
    await h.agentOnline('cx1', ['complaints'], 2);

    const { conversation } = await h.as(frontLine('as1')).conversations.transferConversation({
      conversationId: first.conversationId,
      toAgentId: '',
      toTeam: 'complaints',
      reason: '客户要投诉',
    });
    expect(conversation).toMatchObject({ team: 'complaints', assignee: { agentId: 'cx1' } });
    expect(conversation!.assignments.map((a) => a.agent?.agentId ?? 'queue')).toEqual(['as1', 'cx1']);
    // The slot as1 freed is filled by this request's drain or the scheduler's, whichever locks the row first.
    await waitFor('the freed slot takes the next in the after-sales queue', async () => {
      const { conversation: nextNow } = await h.conversations.getConversation({ conversationId: next.conversationId });
      return nextNow?.assignee?.agentId === 'as1';
    });
  });
});

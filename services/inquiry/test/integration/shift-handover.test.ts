import { randomUUID } from 'node:crypto';
import { AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationStatus, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryHarness, startInquiry, supervisor } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
});
afterAll(() => h?.stop());

const get = async (conversationId: string) => (await h.conversations.getConversation({ conversationId })).conversation!;
const agent = async (agentId: string) => (await h.agents.getAgent({ agentId })).agent!;
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);

describe('shift handover (交接班)', () => {
  let oldest: string;
  let middle: string;
  let newest: string;

  it('the next shift takes the open conversations oldest first up to its capacity; the rest go to whoever in the team has room', async () => {
    await h.agentOnline('early', ['pre-sales'], 5);
    oldest = (await h.ingest('有货吗', { sentAt: secondsAgo(30) }))!.conversation!.conversationId;
    middle = (await h.ingest('包邮吗', { sentAt: secondsAgo(20) }))!.conversation!.conversationId;
    newest = (await h.ingest('有优惠吗', { sentAt: secondsAgo(10) }))!.conversation!.conversationId;
    // Signed in after the contacts came in, so the early shift holds all three.
    await h.agentOnline('late', ['pre-sales'], 2);
    await h.agentOnline('late-peer', ['pre-sales'], 5);
    expect((await agent('early')).openConversations).toBe(3);

    // The leaving agent hands over their own shift: their token names them.
    const response = await h.as(frontLine('early', '早班小王')).desk.handOverShift({
      idempotencyKey: randomUUID(),
      fromAgentId: '',
      toAgentId: 'late',
      note: '3 位客户在等回复，红色 M 码明天到货',
      leftoverIssues: ['客户 buyer-9 要求发票，财务未回复'],
    });
    expect(response.conversationIds).toEqual([oldest, middle]);
    expect(response.reroutedConversationIds).toEqual([newest]);
    expect((await get(oldest)).assignee?.agentId).toBe('late');
    expect((await get(middle)).assignee?.agentId).toBe('late');
    expect((await get(newest)).assignee?.agentId).toBe('late-peer');

    const [early, late, peer] = await Promise.all([agent('early'), agent('late'), agent('late-peer')]);
    expect(early).toMatchObject({ presence: Presence.PRESENCE_OFFLINE, openConversations: 0 });
    expect(late.openConversations).toBe(2);
    expect(late.openConversations).toBeLessThanOrEqual(late.capacity);
    expect(peer.openConversations).toBe(1);

    const oldestNow = await get(oldest);
    expect(oldestNow.messages.at(-1)?.body).toContain('交接班：早班小王 → late');
    expect(oldestNow.assignments.at(-1)).toMatchObject({ agent: { agentId: 'late' } });
    await waitFor('handover assignments announced', () =>
      [oldest, middle, newest].every((id) =>
        h.events
          .ofSubject('cs.inquiry.conversation.assigned')
          .some(
            (e) =>
              e.data.conversationId === id &&
              (e.data as { previousAgent?: { agentId: string } }).previousAgent?.agentId === 'early',
          ),
      ),
    );
  });

  it('the next shift reads the note and the leftover issues, over gRPC and HTTP', async () => {
    const { handovers, page } = await h
      .as(frontLine('late'))
      .desk.listHandovers({ toAgentId: 'late', page: undefined });
    expect(handovers).toHaveLength(1);
    expect(handovers[0]).toMatchObject({
      fromAgent: { agentId: 'early', name: '早班小王' },
      toAgentId: 'late',
      note: '3 位客户在等回复，红色 M 码明天到货',
      leftoverIssues: ['客户 buyer-9 要求发票，财务未回复'],
      conversationIds: [oldest, middle],
      reroutedConversationIds: [newest],
    });
    expect(handovers[0]!.handedOverAt!.seconds).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(page?.nextPageToken).toBe('');

    const http = await h.http('/cs.inquiry.v1.DeskService/ListHandovers', { toAgentId: 'late' }, frontLine('late'));
    expect(http.status).toBe(200);
    expect(http.body.handovers[0].leftoverIssues).toEqual(['客户 buyer-9 要求发票，财务未回复']);
    expect((await h.desk.listHandovers({ toAgentId: 'late-peer', page: undefined })).handovers).toEqual([]);
  });

  it('an escalated conversation is not handed to an agent below its level: it goes to the supervisors', async () => {
    await h.agentOnline('sup-day', [], 3, AgentRole.AGENT_ROLE_SUPERVISOR);
    const { conversation } = await h.as(frontLine('late')).conversations.escalateConversation({
      conversationId: oldest,
      reason: '劣质客户',
    });
    expect(conversation?.assignee?.agentId).toBe('sup-day');

    const response = await h.as(supervisor('sup-day')).desk.handOverShift({
      idempotencyKey: randomUUID(),
      fromAgentId: '',
      toAgentId: 'late-peer',
      note: '升级单无人接手',
      leftoverIssues: [],
    });
    expect(response.conversationIds).toEqual([]);
    expect(response.reroutedConversationIds).toEqual([oldest]);
    expect(await get(oldest)).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_QUEUED,
      awaitingEscalationHolder: true,
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    });
    expect((await agent('late-peer')).openConversations).toBe(1);
  });

  it('the next shift must be signed in, and cannot be the main account', async () => {
    await h.agents.registerAgent({
      agentId: 'night',
      name: 'night',
      teams: ['pre-sales'],
      role: AgentRole.AGENT_ROLE_AGENT,
      capacity: 5,
    });
    await h.agentOnline('shop', [], 100, AgentRole.AGENT_ROLE_MAIN_ACCOUNT);
    for (const toAgentId of ['night', 'shop']) {
      const error = await h
        .as(frontLine('late'))
        .desk.handOverShift({
          idempotencyKey: randomUUID(),
          fromAgentId: '',
          toAgentId,
          note: '交班',
          leftoverIssues: [],
        })
        .catch((e) => e);
      expect(error.code).toBe(status.FAILED_PRECONDITION);
      expect(error.details).toContain(`agent ${toAgentId} must be online`);
    }
    // Refused before anything moved: the late shift still holds its conversation, and is still online.
    expect(await agent('late')).toMatchObject({ presence: Presence.PRESENCE_ONLINE, openConversations: 1 });
    expect((await h.desk.listHandovers({ toAgentId: 'night', page: undefined })).handovers).toEqual([]);
  });

  it('an unknown agent on either side is NOT_FOUND', async () => {
    for (const [from, to] of [
      ['ghost', 'late'],
      ['late', 'ghost'],
    ] as const) {
      // Each agent hands over their own shift.
      const error = await h
        .as(frontLine(from))
        .desk.handOverShift({
          idempotencyKey: randomUUID(),
          fromAgentId: '',
          toAgentId: to,
          note: '交班',
          leftoverIssues: [],
        })
        .catch((e) => e);
      expect(error.code).toBe(status.NOT_FOUND);
    }
    const error = await h.desk.listHandovers({ toAgentId: 'ghost', page: undefined }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('a retried handover returns the first one and moves nothing more', async () => {
    await h.agentOnline('eve-1', ['tracking'], 3);
    const parcel = (await h.ingest('快递到哪了'))!.conversation!;
    expect(parcel.assignee?.agentId).toBe('eve-1');
    await h.agentOnline('eve-2', ['tracking'], 3);
    const request = {
      idempotencyKey: randomUUID(),
      fromAgentId: '',
      toAgentId: 'eve-2',
      note: '交班',
      leftoverIssues: [],
    };
    const eve = h.as(frontLine('eve-1')).desk;
    const first = await eve.handOverShift(request);
    expect(first.conversationIds).toEqual([parcel.conversationId]);
    expect(await eve.handOverShift(request)).toEqual(first);
    expect((await agent('eve-2')).openConversations).toBe(1);
    expect((await h.desk.listHandovers({ toAgentId: 'eve-2', page: undefined })).handovers).toHaveLength(1);
  });
});

describe('whose shift may be handed over', () => {
  let left: string;

  it('a front-line agent cannot hand over a colleague’s shift: PERMISSION_DENIED, nothing moves', async () => {
    await h.agentOnline('gone-1', ['general'], 3);
    left = (await h.ingest('在吗'))!.conversation!.conversationId;
    expect((await get(left)).assignee?.agentId).toBe('gone-1');
    await h.agentOnline('next-1', ['general'], 3);

    const error = await h
      .as(frontLine('next-1'))
      .desk.handOverShift({
        idempotencyKey: randomUUID(),
        fromAgentId: 'gone-1',
        toAgentId: 'next-1',
        note: '他先走了',
        leftoverIssues: [],
      })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.details).toContain('the shift of agent gone-1');
    expect(await agent('gone-1')).toMatchObject({ presence: Presence.PRESENCE_ONLINE, openConversations: 1 });
    expect((await get(left)).assignee?.agentId).toBe('gone-1');
    expect((await h.desk.listHandovers({ toAgentId: 'next-1', page: undefined })).handovers).toEqual([]);
  });

  it('a supervisor hands over the shift of an agent who left: recorded as that agent’s, the note says who did it', async () => {
    const response = await h.as(supervisor('sup-night', '夜班主管')).desk.handOverShift({
      idempotencyKey: randomUUID(),
      fromAgentId: 'gone-1',
      toAgentId: 'next-1',
      note: '早退未交接，主管代办',
      leftoverIssues: [],
    });
    expect(response.conversationIds).toEqual([left]);
    expect(await agent('gone-1')).toMatchObject({ presence: Presence.PRESENCE_OFFLINE, openConversations: 0 });
    expect((await get(left)).messages.at(-1)?.body).toBe(
      '交接班：gone-1 → next-1（夜班主管 代为交接）。早退未交接，主管代办',
    );
    const { handovers } = await h.as(frontLine('next-1')).desk.listHandovers({ toAgentId: 'next-1', page: undefined });
    expect(handovers[0]?.fromAgent).toEqual({ agentId: 'gone-1', name: 'gone-1' });
  });

  it('an agent reads only the handovers they received; a supervisor reads anyone’s', async () => {
    const error = await h
      .as(frontLine('late'))
      .desk.listHandovers({ toAgentId: 'next-1', page: undefined })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    const { handovers } = await h
      .as(supervisor('sup-night'))
      .desk.listHandovers({ toAgentId: 'next-1', page: undefined });
    expect(handovers).toHaveLength(1);
  });
});

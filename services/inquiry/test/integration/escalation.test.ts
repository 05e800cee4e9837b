import { AgentRole } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { CloseReason, ConversationStatus, EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryHarness, manager, startInquiry, supervisor, teamQueue } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  // Round-the-clock shifts, so a back-dated contact breaches whatever the hour.
  h = await startInquiry({ INQUIRY_SHIFTS: '00:00-24:00', INQUIRY_SCHEDULER_POLL_MS: '100' });
  await h.agentOnline('front', ['pre-sales'], 1);
  // Supervisors sit above all teams: no team skill, yet they take escalations from every team.
  await h.agentOnline('sup', [], 2, AgentRole.AGENT_ROLE_SUPERVISOR);
});
afterAll(() => h?.stop());

const get = async (conversationId: string) => (await h.conversations.getConversation({ conversationId })).conversation!;
// A freed slot is filled by whichever replica's drain gets the row first (SKIP LOCKED): here the
// request's own drain or the scheduler's, so the queue moving is awaited, not read at once.
const heldBy = (conversationId: string, agentId: string) =>
  waitFor(
    `${conversationId} held by ${agentId}`,
    async () => (await get(conversationId)).assignee?.agentId === agentId,
  );
const openOf = async (agentId: string) => (await h.agents.getAgent({ agentId })).agent!.openConversations;
const escalationLine = async (escalationLevel: EscalationLevel) =>
  (await h.agents.listQueue({ team: '', escalationLevel })).conversations.map((c) => c.conversationId);
const eventFor = (subject: string, conversationId: string, match: (data: any) => boolean = () => true) =>
  waitFor(subject, () =>
    h.events.ofSubject(subject as never).find((e) => e.data.conversationId === conversationId && match(e.data)),
  );

describe('escalation hands the conversation to the next level’s holder', () => {
  let difficult: string;
  let waiting: string;
  let lastInLine: string;

  it('an agent escalates a difficult customer: the supervisor takes it over and the agent’s slot serves the queue', async () => {
    difficult = (await h.ingest('有货吗'))!.conversation!.conversationId;
    waiting = (await h.ingest('红色还有库存吗'))!.conversation!.conversationId;
    expect((await get(difficult)).assignee?.agentId).toBe('front');
    expect((await get(waiting)).status).toBe(ConversationStatus.CONVERSATION_STATUS_QUEUED);

    const { conversation } = await h.as(frontLine('front')).conversations.escalateConversation({
      conversationId: difficult,
      reason: '劣质客户：辱骂客服',
    });
    expect(conversation).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED,
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
      assignee: { agentId: 'sup' },
      awaitingEscalationHolder: false,
    });
    expect(conversation!.assignments.at(-1)).toMatchObject({ agent: { agentId: 'sup' }, reason: '劣质客户：辱骂客服' });
    await heldBy(waiting, 'front');
    expect(await openOf('front')).toBe(1);
    expect(await openOf('sup')).toBe(1);

    const escalated = await eventFor('cs.inquiry.conversation.escalated', difficult);
    expect(escalated.data).toMatchObject({
      toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
      escalatedBy: { agentId: 'front' },
      holder: { agentId: 'sup' },
    });
    await eventFor(
      'cs.inquiry.conversation.assigned',
      difficult,
      (d) => d.agent?.agentId === 'sup' && d.previousAgent?.agentId === 'front',
    );
  });

  it('with no manager signed in, a further escalation waits in the manager’s line, not the team queue', async () => {
    const { conversation } = await h.as(supervisor('sup')).conversations.escalateConversation({
      conversationId: difficult,
      reason: '需要经理决定赔偿',
    });
    expect(conversation).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_QUEUED,
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_MANAGER,
      awaitingEscalationHolder: true,
    });
    expect(conversation!.assignee).toBeUndefined();
    expect(await openOf('sup')).toBe(0);
    expect(await escalationLine(EscalationLevel.ESCALATION_LEVEL_MANAGER)).toEqual([difficult]);
    expect((await h.agents.listQueue(teamQueue('pre-sales'))).conversations.map((c) => c.conversationId)).not.toContain(
      difficult,
    );
    const escalated = await eventFor(
      'cs.inquiry.conversation.escalated',
      difficult,
      (d) => d.toLevel === 'ESCALATION_LEVEL_MANAGER',
    );
    expect(escalated.data.holder).toBeUndefined();
  });

  it('the manager signing in takes the waiting escalation', async () => {
    await h.agentOnline('mgr', [], 3, AgentRole.AGENT_ROLE_MANAGER);
    await heldBy(difficult, 'mgr');
    const now = await get(difficult);
    expect(now).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED,
      assignee: { agentId: 'mgr' },
    });
    expect(now.awaitingEscalationHolder).toBe(false);
    expect(await escalationLine(EscalationLevel.ESCALATION_LEVEL_MANAGER)).toEqual([]);
  });

  it('a supervisor at capacity leaves the next escalation waiting; closing one takes it, oldest first', async () => {
    await h.agentOnline('front-2', ['pre-sales'], 5);
    const ids: string[] = [];
    for (const text of ['尺码怎么选', '发货时间是哪天', '有优惠吗', '包邮吗']) {
      ids.push((await h.ingest(text))!.conversation!.conversationId);
    }
    for (const conversationId of ids) {
      await h.as(frontLine('front-2')).conversations.escalateConversation({ conversationId, reason: '复杂问题' });
    }
    const [first, second, third, fourth] = ids as [string, string, string, string];
    lastInLine = fourth;
    expect((await get(first)).assignee?.agentId).toBe('sup');
    expect((await get(second)).assignee?.agentId).toBe('sup');
    expect(await escalationLine(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR)).toEqual([third, fourth]);
    expect(await openOf('sup')).toBe(2);

    await h.as(supervisor('sup')).conversations.closeConversation({ conversationId: first, result: '已安抚并解决' });
    await heldBy(third, 'sup');
    expect(await escalationLine(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR)).toEqual([fourth]);
    expect(await openOf('sup')).toBe(2);
  });

  it('a breach escalates automatically to a free supervisor and frees the agent’s slot', async () => {
    await h.agentOnline('sup-b', [], 5, AgentRole.AGENT_ROLE_SUPERVISOR);
    // Signing in, sup-b first takes what waits in the supervisors' line.
    await heldBy(lastInLine, 'sup-b');
    expect(await escalationLine(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR)).toEqual([]);
    const late = (await h.ingest('这个多少钱', { sentAt: new Date(Date.now() - 30 * 60_000) }))!.conversation!;
    expect(late.assignee?.agentId).toBe('front-2');
    const breach = await eventFor('cs.inquiry.conversation.escalated', late.conversationId);
    expect(breach.data).toMatchObject({ toLevel: 'ESCALATION_LEVEL_SUPERVISOR', holder: { agentId: 'sup-b' } });
    expect(breach.data.escalatedBy).toBeUndefined();
    const now = await get(late.conversationId);
    expect(now).toMatchObject({
      assignee: { agentId: 'sup-b' },
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    });
    const notes = now.messages.map((m) => m.body).join('\n');
    expect(notes).toContain('超时自动升级至主管，由 sup-b 接手');
    expect(await openOf('front-2')).toBe(0);
    // The breach stays on the record of the agent who let it happen, not the supervisor's.
    const openedAt = Number(now.openedAt!.seconds);
    const report = await h.reports.getReport({
      from: { seconds: openedAt, nanos: 0 },
      to: { seconds: openedAt + 1, nanos: 0 },
    });
    expect(report.agents.map((line) => line.key)).toEqual(['front-2']);
    expect(report.agents[0]!.slaMetPercent).toBeLessThan(100);
  });

  it('closing an escalated conversation frees its holder', async () => {
    const { conversation } = await h.as(manager('mgr')).conversations.closeConversation({
      conversationId: difficult,
      result: '经理同意补偿',
    });
    expect(conversation?.closeReason).toBe(CloseReason.CLOSE_REASON_AGENT);
    expect(await openOf('mgr')).toBe(0);
  });
});

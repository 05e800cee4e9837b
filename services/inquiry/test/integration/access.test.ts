import { randomUUID } from 'node:crypto';
import { AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import {
  ConversationClass,
  ConversationStatus,
  EscalationLevel,
  ScriptStage,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { createGrpcClient } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentRef,
  connector,
  frontLine,
  type InquiryClients,
  type InquiryHarness,
  manager,
  startInquiry,
  supervisor,
  teamQueue,
} from './inquiry-fixture.js';

let h: InquiryHarness;
// ra-1 holds `mine`, ra-2 holds `colleagues`; `waiting` is queued for pre-sales, `parcel` for tracking.
let mine: string;
let colleagues: string;
let waiting: string;
let parcel: string;

beforeAll(async () => {
  h = await startInquiry();
  await h.agentOnline('ra-1', ['pre-sales'], 1);
  mine = (await h.ingest('有货吗'))!.conversation!.conversationId;
  await h.agentOnline('ra-2', ['pre-sales'], 1);
  colleagues = (await h.ingest('包邮吗'))!.conversation!.conversationId;
  waiting = (await h.ingest('有优惠吗'))!.conversation!.conversationId;
  parcel = (await h.ingest('快递到哪了'))!.conversation!.conversationId;
});
afterAll(() => h?.stop());

const ra1 = () => h.as(frontLine('ra-1', '小明'));
const ids = (conversations: { conversationId: string }[]) => conversations.map((c) => c.conversationId).sort();
const visibleTo = async (clients: InquiryClients) =>
  ids(
    (
      await clients.conversations.listConversations({
        status: ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED,
        team: '',
        assigneeId: '',
        page: undefined,
      })
    ).conversations,
  );
const messagesOf = async (conversationId: string) =>
  (await h.conversations.getConversation({ conversationId })).conversation!.messages;

describe('a front-line agent sees and acts on the conversations assigned to them or queued for their team', () => {
  it('reads their own and their team’s queue; another’s is PERMISSION_DENIED saying why', async () => {
    expect((await h.conversations.getConversation({ conversationId: mine })).conversation?.assignee?.agentId).toBe(
      'ra-1',
    );
    for (const conversationId of [mine, waiting]) {
      expect((await ra1().conversations.getConversation({ conversationId })).conversation?.conversationId).toBe(
        conversationId,
      );
    }
    for (const conversationId of [colleagues, parcel]) {
      const error = await ra1()
        .conversations.getConversation({ conversationId })
        .catch((e) => e);
      expect(error.code).toBe(status.PERMISSION_DENIED);
      expect(error.details).toContain('neither assigned to you (ra-1) nor queued for your team (pre-sales)');
    }
  });

  it('lists and queues show only what they may see', async () => {
    expect(await visibleTo(ra1())).toEqual([mine, waiting].sort());
    expect(ids((await ra1().agents.listQueue(teamQueue('pre-sales'))).conversations)).toEqual([waiting]);
    expect((await ra1().agents.listQueue(teamQueue('tracking'))).conversations).toEqual([]);
    // The token's team counts as theirs, registered or not.
    const tracker = h.as(frontLine('tr-9', '小赵', 'tracking'));
    expect(await visibleTo(tracker)).toEqual([parcel]);
  });

  it('every command on a colleague’s conversation is refused, and nothing is written', async () => {
    const conversationId = colleagues;
    const before = await messagesOf(conversationId);
    const c = ra1().conversations;
    const key = () => randomUUID();
    const commands: Array<[string, () => Promise<unknown>]> = [
      ['reply', () => c.replyToCustomer({ conversationId, body: '在的', attachments: [], awaitingCustomer: false })],
      ['note', () => c.addNote({ conversationId, body: '备注', attachments: [] })],
      ['record', () => c.updateRecord({ conversationId, problem: 'x', handlingStep: '', result: '' })],
      [
        'classify',
        () => c.classifyConversation({ conversationId, conversationClass: ConversationClass.CONVERSATION_CLASS_OTHER }),
      ],
      ['transfer', () => c.transferConversation({ conversationId, toAgentId: 'ra-1', toTeam: '', reason: '' })],
      ['escalate', () => c.escalateConversation({ conversationId, reason: '劣质客户' })],
      ['close', () => c.closeConversation({ conversationId, result: '结束' })],
      ['confirm', () => c.confirmOrder({ conversationId, orderId: 'TB1' })],
      ['script', () => c.advanceScriptStage({ conversationId, stage: ScriptStage.SCRIPT_STAGE_GREETING })],
      [
        'address',
        () =>
          c.requestAddressChange({
            conversationId,
            orderId: 'TB1',
            newAddress: {
              recipientName: '李四',
              phone: '13800001111',
              province: '浙江省',
              city: '杭州市',
              district: '西湖区',
              street: '文三路1号',
              postalCode: '310000',
            },
            idempotencyKey: key(),
          }),
      ],
      [
        'attributes',
        () =>
          c.requestAttributeChange({
            conversationId,
            orderId: 'TB1',
            sku: 'A',
            newSku: 'B',
            newTitle: 'B',
            idempotencyKey: key(),
          }),
      ],
      ['cancel', () => c.requestCancellation({ conversationId, orderId: 'TB1', idempotencyKey: key() })],
      [
        'sale',
        () => c.attributeSale({ conversationId, orderId: 'TB1', salesAgent: agentRef('ra-1'), idempotencyKey: key() }),
      ],
      [
        'feedback',
        () =>
          ra1().desk.registerProductFeedback({
            product: '杯子',
            suggestion: '更大',
            conversationId,
            idempotencyKey: key(),
          }),
      ],
    ];
    for (const [name, run] of commands) {
      const error = (await run().catch((e) => e)) as { code?: number };
      expect(`${name}: ${error.code}`).toBe(`${name}: ${status.PERMISSION_DENIED}`);
    }
    expect(await messagesOf(conversationId)).toEqual(before);
    const { conversation } = await h.conversations.getConversation({ conversationId });
    expect(conversation).toMatchObject({ assignee: { agentId: 'ra-2' }, escalationLevel: 'ESCALATION_LEVEL_AGENT' });
  });
});

describe('a supervisor sees their team’s conversations and those escalated to the supervisors; the manager all', () => {
  it('a pre-sales supervisor sees the team’s, not tracking’s, until it is escalated to the supervisors', async () => {
    const lead = h.as(supervisor('sup-p', '刘主管', 'pre-sales'));
    expect(await visibleTo(lead)).toEqual([mine, colleagues, waiting].sort());
    const denied = await lead.conversations.getConversation({ conversationId: parcel }).catch((e) => e);
    expect(denied.code).toBe(status.PERMISSION_DENIED);
    expect(denied.details).toContain('not escalated to the supervisors');

    await h.as(manager('mgr-1')).conversations.escalateConversation({ conversationId: parcel, reason: '复杂问题' });
    const { conversation } = await lead.conversations.getConversation({ conversationId: parcel });
    expect(conversation?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(
      ids(
        (await lead.agents.listQueue({ team: '', escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR }))
          .conversations,
      ),
    ).toEqual([parcel]);
    // Not the front line's to see any more.
    expect(
      (await ra1().agents.listQueue({ team: '', escalationLevel: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR }))
        .conversations,
    ).toEqual([]);
  });

  it('the manager and platform services see every conversation', async () => {
    expect(await visibleTo(h.as(manager('mgr-1')))).toEqual([mine, colleagues, waiting, parcel].sort());
    const { conversation } = await h.as(connector).conversations.getConversation({ conversationId: colleagues });
    expect(conversation?.conversationId).toBe(colleagues);
  });
});

describe('the actor is the token’s, never the body’s', () => {
  it('an old client naming another agent in the body over HTTP: the note is signed by the token', async () => {
    const response = await h.http(
      '/cs.inquiry.v1.ConversationsService/AddNote',
      { conversationId: mine, agent: { agentId: 'ra-2', name: '冒充者' }, body: '客户要红色' },
      frontLine('ra-1', '小明'),
    );
    expect(response.status).toBe(200);
    expect(response.body.conversation.messages.at(-1)).toMatchObject({
      body: '客户要红色',
      author: { agentId: 'ra-1', name: '小明' },
    });
  });

  it('without a token nothing is answered: 401 over HTTP, UNAUTHENTICATED over gRPC', async () => {
    const response = await h.http(
      '/cs.inquiry.v1.ConversationsService/GetConversation',
      { conversationId: mine },
      null,
    );
    expect(response.status).toBe(401);
    const anonymous = createGrpcClient(ConversationsServiceService, h.sut.service.grpcAddress);
    const error = await anonymous.getConversation({ conversationId: mine }).catch((e) => e);
    anonymous.close();
    expect(error.code).toBe(status.UNAUTHENTICATED);
  });
});

describe('presence: an agent sets their own; a supervisor or the manager anyone’s', () => {
  it('an agent goes away and comes back, but cannot sign a colleague off', async () => {
    expect((await ra1().agents.setPresence({ agentId: '', presence: Presence.PRESENCE_AWAY })).agent).toMatchObject({
      agentId: 'ra-1',
      presence: Presence.PRESENCE_AWAY,
    });
    await ra1().agents.setPresence({ agentId: 'ra-1', presence: Presence.PRESENCE_ONLINE });
    const error = await ra1()
      .agents.setPresence({ agentId: 'ra-2', presence: Presence.PRESENCE_OFFLINE })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect((await h.agents.getAgent({ agentId: 'ra-2' })).agent?.presence).toBe(Presence.PRESENCE_ONLINE);
  });

  it('a supervisor signs off an agent who left without doing it', async () => {
    const { agent } = await h
      .as(supervisor('sup-p'))
      .agents.setPresence({ agentId: 'ra-2', presence: Presence.PRESENCE_OFFLINE });
    expect(agent?.presence).toBe(Presence.PRESENCE_OFFLINE);
  });

  it('registering agents is the platform admin’s: the manager is refused', async () => {
    const error = await h
      .as(manager('mgr-1'))
      .agents.registerAgent({ agentId: 'x', name: 'x', teams: [], role: AgentRole.AGENT_ROLE_AGENT, capacity: 1 })
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
  });
});

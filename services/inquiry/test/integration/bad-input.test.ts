import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InquiryHarness, startInquiry } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
});
afterAll(() => h?.stop());

const agent = { agentId: 'a', name: 'A' };
const uuid = '00000000-0000-4000-8000-000000000000';

// Every RPC with a malformed request, and the fields it must name. Over HTTP/JSON, which runs the
// very same gRPC handler (so gRPC gets the same INVALID_ARGUMENT).
const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['ConversationsService/IngestMessage', {}, ['channel', 'channel_message_id', 'customer.customer_id', 'body']],
  [
    'ConversationsService/IngestMessage',
    {
      channel: 'CHANNEL_EMAIL',
      channelMessageId: 'm',
      customer: { customerId: 'c' },
      body: 'x',
      attachments: [{ uri: 'not a uri' }],
      sentAt: '2999-01-01T00:00:00Z',
    },
    ['attachments[0].uri', 'sent_at'],
  ],
  ['ConversationsService/GetConversation', {}, ['conversation_id']],
  [
    'ConversationsService/ListConversations',
    { status: 'CONVERSATION_STATUS_UNSPECIFIED', page: { pageSize: 500 } },
    ['page.page_size'],
  ],
  ['ConversationsService/ReplyToCustomer', { conversationId: uuid }, ['agent.agent_id', 'agent.name', 'body']],
  ['ConversationsService/AddNote', { agent }, ['conversation_id', 'body']],
  ['ConversationsService/UpdateRecord', { conversationId: uuid, agent }, ['problem']],
  ['ConversationsService/ClassifyConversation', { conversationId: uuid, agent }, ['conversation_class']],
  [
    'ConversationsService/TransferConversation',
    { conversationId: uuid, agent, toAgentId: 'x', toTeam: 'y' },
    ['to_agent_id'],
  ],
  ['ConversationsService/EscalateConversation', { conversationId: uuid, agent }, ['reason']],
  ['ConversationsService/CloseConversation', { agent }, ['conversation_id']],
  ['ConversationsService/ConfirmOrder', { conversationId: uuid, agent }, ['order_id']],
  ['ConversationsService/RequestAddressChange', { conversationId: uuid, agent }, ['idempotency_key', 'new_address']],
  [
    'ConversationsService/RequestAttributeChange',
    { agent },
    ['conversation_id', 'idempotency_key', 'sku', 'new_sku', 'new_title'],
  ],
  [
    'ConversationsService/RequestAttributeChange',
    { conversationId: uuid, agent, idempotencyKey: 'k', sku: 'MUG', newSku: 'MUG', newTitle: 'x'.repeat(201) },
    ['new_title', 'new_sku'],
  ],
  [
    'ConversationsService/RequestCancellation',
    { conversationId: uuid, idempotencyKey: 'k'.repeat(121) },
    ['idempotency_key', 'agent.agent_id', 'agent.name'],
  ],
  ['ConversationsService/AdvanceScriptStage', { conversationId: uuid, agent }, ['stage']],
  [
    'ConversationsService/AttributeSale',
    { conversationId: uuid },
    ['order_id', 'idempotency_key', 'sales_agent.agent_id', 'sales_agent.name'],
  ],
  [
    'AgentsService/RegisterAgent',
    { agentId: 'a', teams: ['Pre Sales'], capacity: -1 },
    ['name', 'role', 'teams[0]', 'capacity'],
  ],
  ['AgentsService/SetPresence', { agentId: 'a' }, ['presence']],
  ['AgentsService/GetAgent', {}, ['agent_id']],
  ['AgentsService/ListQueue', {}, ['team']],
  ['AgentsService/ListQueue', { team: 'pre-sales', escalationLevel: 'ESCALATION_LEVEL_MANAGER' }, ['team']],
  ['AgentsService/ListQueue', { escalationLevel: 'ESCALATION_LEVEL_AGENT' }, ['escalation_level']],
  ['RulesService/PutClassificationRule', {}, ['rule']],
  [
    'RulesService/PutClassificationRule',
    {
      rule: { conversationClass: 'CONVERSATION_CLASS_OTHER', kind: 'PATTERN_KIND_REGEX', pattern: '(', priority: 5000 },
    },
    ['rule.pattern', 'rule.priority'],
  ],
  ['RulesService/DeleteClassificationRule', {}, ['rule_id']],
  ['RulesService/TestClassification', {}, ['text']],
  [
    'RulesService/PutSlaPolicy',
    { policy: { conversationClass: 'CONVERSATION_CLASS_OTHER', priority: 'PRIORITY_NORMAL', firstResponseMinutes: 0 } },
    ['policy.first_response_minutes', 'policy.next_response_minutes', 'policy.resolution_minutes'],
  ],
  ['ReportsService/GetReport', { from: '2026-11-22T00:00:00Z', to: '2026-11-21T00:00:00Z' }, ['to']],
  ['DeskService/ListFollowUpTasks', { status: 'NOPE' }, []],
  ['DeskService/CompleteFollowUpTask', { taskId: uuid }, ['agent.agent_id', 'agent.name', 'outcome']],
  ['DeskService/HandOverShift', { fromAgent: agent, toAgentId: 'a' }, ['note', 'to_agent_id', 'idempotency_key']],
  [
    'DeskService/HandOverShift',
    { fromAgent: {}, toAgentId: 'b', note: 'x', leftoverIssues: [''] },
    ['from_agent.agent_id', 'from_agent.name', 'leftover_issues[0]', 'idempotency_key'],
  ],
  [
    'DeskService/ListHandovers',
    { page: { pageSize: 500, pageToken: 'bogus' } },
    ['to_agent_id', 'page.page_size', 'page.page_token'],
  ],
  ['DeskService/RegisterProductFeedback', { agent }, ['product', 'suggestion', 'idempotency_key']],
  ['DeskService/GetFeedbackReport', { year: 1999, month: 13, half: 3 }, ['year', 'month', 'half']],
  ['DeskService/AddWorkLogEntry', { agent, idempotencyKey: 'k'.repeat(129) }, ['text', 'idempotency_key']],
  ['DeskService/GetDailyWorkLog', { agentId: 'a', date: '22/11/2026' }, ['date']],
  ['DeskService/GetDailyWorkLog', { agentId: 'a', date: '2026-02-30' }, ['date']],
];

describe('bad input on every endpoint is rejected naming the field, and nothing is written', () => {
  it.each(cases)('%s %j', async (method, body, fields) => {
    const response = await h.http(`/cs.inquiry.v1.${method}`, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_argument');
    if (fields.length) expect(response.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(fields);
  });

  it('nothing was written by any of them', async () => {
    const em = h.sut.service.orm.em.fork();
    for (const table of [
      'conversations',
      'messages',
      'agents',
      'follow_up_tasks',
      'handovers',
      'product_feedback',
      'work_log',
    ]) {
      const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from ${table}`);
      expect(`${table}: ${row!.n}`).toBe(`${table}: 0`);
    }
    const [rules] = await em.execute<{ n: string }[]>(
      `select count(*) as n from classification_rules where id not like 'seed-%'`,
    );
    expect(Number(rules!.n)).toBe(0);
  });

  it('unknown ids are NOT_FOUND, not bad input', async () => {
    for (const [method, body] of [
      ['ConversationsService/GetConversation', { conversationId: 'nope' }],
      ['AgentsService/GetAgent', { agentId: 'nobody' }],
      ['RulesService/DeleteClassificationRule', { ruleId: 'nope' }],
      ['DeskService/CompleteFollowUpTask', { taskId: uuid, agent, outcome: 'x' }],
      ['DeskService/ListHandovers', { toAgentId: 'nobody' }],
      ['DeskService/HandOverShift', { fromAgent: agent, toAgentId: 'nobody', note: 'x', idempotencyKey: 'k' }],
    ] as const) {
      expect((await h.http(`/cs.inquiry.v1.${method}`, body)).status).toBe(404);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
});
afterAll(() => h?.stop());

const uuid = '00000000-0000-4000-8000-000000000000';

// Every RPC with a malformed request, and the fields it must name. Over HTTP/JSON, which runs the
// very same gRPC handler (so gRPC gets the same INVALID_ARGUMENT), with a token the RPC admits: the
// channel connector's for intake, else the overseer's (the manager, also the platform admin).
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
  ['ConversationsService/ReplyToCustomer', { conversationId: uuid }, ['body']],
  ['ConversationsService/AddNote', {}, ['conversation_id', 'body']],
  ['ConversationsService/UpdateRecord', { conversationId: uuid }, ['problem']],
  ['ConversationsService/ClassifyConversation', { conversationId: uuid }, ['conversation_class']],
  ['ConversationsService/TransferConversation', { conversationId: uuid, toAgentId: 'x', toTeam: 'y' }, ['to_agent_id']],
  ['ConversationsService/EscalateConversation', { conversationId: uuid }, ['reason']],
  ['ConversationsService/CloseConversation', {}, ['conversation_id']],
  ['ConversationsService/ConfirmOrder', { conversationId: uuid }, ['order_id']],
  ['ConversationsService/RequestAddressChange', { conversationId: uuid }, ['idempotency_key', 'new_address']],
  [
    'ConversationsService/RequestAttributeChange',
    {},
    ['conversation_id', 'idempotency_key', 'sku', 'new_sku', 'new_title'],
  ],
  [
    'ConversationsService/RequestAttributeChange',
    { conversationId: uuid, idempotencyKey: 'k', sku: 'MUG', newSku: 'MUG', newTitle: 'x'.repeat(201) },
    ['new_title', 'new_sku'],
  ],
  [
    'ConversationsService/RequestCancellation',
    { conversationId: uuid, idempotencyKey: 'k'.repeat(121) },
    ['idempotency_key'],
  ],
  ['ConversationsService/AdvanceScriptStage', { conversationId: uuid }, ['stage']],
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
  ['DeskService/CompleteFollowUpTask', { taskId: uuid }, ['outcome']],
  ['DeskService/HandOverShift', { fromAgentId: 'a', toAgentId: 'a' }, ['note', 'to_agent_id', 'idempotency_key']],
  [
    'DeskService/HandOverShift',
    { toAgentId: 'b', note: 'x', leftoverIssues: [''] },
    ['leftover_issues[0]', 'idempotency_key'],
  ],
  [
    'DeskService/ListHandovers',
    { page: { pageSize: 500, pageToken: 'bogus' } },
    ['to_agent_id', 'page.page_size', 'page.page_token'],
  ],
  ['DeskService/RegisterProductFeedback', {}, ['product', 'suggestion', 'idempotency_key']],
  ['DeskService/GetFeedbackReport', { year: 1999, month: 13, half: 3 }, ['year', 'month', 'half']],
  ['DeskService/AddWorkLogEntry', { idempotencyKey: 'k'.repeat(129) }, ['text', 'idempotency_key']],
  ['DeskService/GetDailyWorkLog', { agentId: 'a', date: '22/11/2026' }, ['date']],
  ['DeskService/GetDailyWorkLog', { agentId: 'a', date: '2026-02-30' }, ['date']],
];

/** Row counts of every table a rejected request could write to (the seeded classification rules aside). */
async function writtenRows(): Promise<Record<string, number>> {
  const em = h.sut.service.orm.em.fork();
  const counts: Record<string, number> = {};
  for (const [table, where] of [
    ['conversations', ''],
    ['messages', ''],
    ['agents', ''],
    ['follow_up_tasks', ''],
    ['handovers', ''],
    ['product_feedback', ''],
    ['work_log', ''],
    ['classification_rules', ` where id not like 'seed-%'`],
  ] as const) {
    const [row] = await em.execute<{ n: string }[]>(`select count(*) as n from ${table}${where}`);
    counts[table] = Number(row!.n);
  }
  return counts;
}

describe('bad input on every endpoint is rejected naming the field, and nothing is written', () => {
  it.each(cases)('%s %j', async (method, body, fields) => {
    const before = await writtenRows();
    const caller = method.endsWith('/IngestMessage') ? connector : undefined;
    const response = await h.http(`/cs.inquiry.v1.${method}`, body, caller);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_argument');
    if (fields.length) expect(response.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(fields);
    // The handler answered, so whatever it would have written is committed by now.
    expect(await writtenRows()).toEqual(before);
  });

  it('unknown ids are NOT_FOUND, not bad input', async () => {
    for (const [method, body] of [
      ['ConversationsService/GetConversation', { conversationId: 'nope' }],
      ['AgentsService/GetAgent', { agentId: 'nobody' }],
      ['RulesService/DeleteClassificationRule', { ruleId: 'nope' }],
      ['DeskService/CompleteFollowUpTask', { taskId: uuid, outcome: 'x' }],
      ['DeskService/ListHandovers', { toAgentId: 'nobody' }],
      ['DeskService/HandOverShift', { fromAgentId: 'nobody', toAgentId: 'a', note: 'x', idempotencyKey: 'k' }],
    ] as const) {
      expect((await h.http(`/cs.inquiry.v1.${method}`, body)).status).toBe(404);
    }
  });
});

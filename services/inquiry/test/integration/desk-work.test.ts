import { randomUUID } from 'node:crypto';
import { AgentRole } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationClass, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrdersHarness, startOrders } from '../../../orders/test/integration/orders-fixture.js';
import { agentRef, frontLine, type InquiryHarness, startInquiry, supervisor } from './inquiry-fixture.js';

// The shop's time zone, set explicitly: days and half-months are the shop's, not UTC's.
// Asia/Shanghai has no daylight saving time, so its midnight is always 16:00 UTC the day before.
const shopTimeZone = 'Asia/Shanghai';
const shopDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: shopTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const startOfShopDay = (date: string) => new Date(`${date}T00:00:00+08:00`);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

let orders: OrdersHarness;
let h: InquiryHarness;
beforeAll(async () => {
  orders = await startOrders({
    SHOP_TIMEZONE: shopTimeZone,
    ORDERS_PAYMENT_REMINDER_AFTER_MINUTES: '1',
    ORDERS_SCHEDULER_POLL_MS: '200',
  });
  // Same subject prefix: inquiry consumes the order desk's events (payment reminders, payments).
  // A round-the-clock calendar so response minutes are wall-clock minutes whatever the hour.
  h = await startInquiry({
    ORDERS_GRPC_ADDRESS: orders.sut.service.grpcAddress,
    SUBJECT_PREFIX: orders.sut.subjectPrefix,
    SHOP_TIMEZONE: shopTimeZone,
    INQUIRY_SHIFTS: '00:00-24:00',
  });
});
afterAll(async () => {
  await h?.stop();
  await orders?.close();
});

const placeOrder = (options: { paid: boolean; placedAt?: Date; customerId?: string }) =>
  orders.orderAt(options.paid ? FulfilmentStage.FULFILMENT_STAGE_PAID : FulfilmentStage.FULFILMENT_STAGE_PLACED, {
    customerId: options.customerId ?? 'buyer-desk',
    placedAt: options.placedAt,
  });

/** Nothing in the service's own traffic can escalate these conversations while the test looks at them. */
async function noSlaPressure(conversationClass: ConversationClass): Promise<void> {
  const week = 7 * 24 * 60;
  await h.rules.putSlaPolicy({
    policy: {
      conversationClass,
      priority: Priority.PRIORITY_NORMAL,
      firstResponseMinutes: week,
      nextResponseMinutes: week,
      resolutionMinutes: week,
    },
  });
}

describe('product feedback registry: the half-month report to the supervisor', () => {
  // The agent registering: of the team whose queue the customer's contact is waiting in.
  const registrar = frontLine('f1', '张三', 'after-sales');

  /**
   * The registry stamps each suggestion with the server's clock, and the API has no way to register
   * one on another date. Suggestions of past half-months are therefore set up in SQL, exactly as
   * RegisterProductFeedback stores them; the report is then read through the API.
   */
  async function feedbackRecordedAt(recordedAt: string, product: string, suggestion: string): Promise<void> {
    await h.sut.service.orm.em.fork().execute(
      `insert into product_feedback (id, product, suggestion, conversation_id, recorded_by, recorded_at)
         values (?, ?, ?, null, ?::jsonb, ?)`,
      [randomUUID(), product, suggestion, JSON.stringify(agentRef('f1', '张三')), new Date(recordedAt)],
    );
  }

  const report = (year: number, month: number, half: 1 | 2) => h.desk.getFeedbackReport({ year, month, half });

  it('suggestions registered today are in the current half-month report, one line per product, most mentioned first', async () => {
    // A customer's complaint about a product is where a suggestion usually comes from.
    const { conversation } = await h.ingest('杯子盖子坏了，一倒就漏水');
    expect(conversation?.team).toBe('after-sales');
    const register = (product: string, suggestion: string, conversationId = '') =>
      h.as(registrar).desk.registerProductFeedback({
        idempotencyKey: randomUUID(),
        product,
        suggestion,
        conversationId,
      });
    await register('马克杯', '杯盖希望能防漏', conversation!.conversationId);
    await register('帆布袋', '希望加一个内袋');
    await register(' 马克杯 ', '希望有更大容量的款式');
    await register('保温杯', '保温时间可以更长');
    await register('马克杯', '手柄太细，烫手');
    // A retried registration (same key) counts once.
    const retried = {
      idempotencyKey: randomUUID(),
      product: '马克杯',
      suggestion: '希望出红色',
      conversationId: '',
    };
    const first = await h.as(registrar).desk.registerProductFeedback(retried);
    expect(await h.as(registrar).desk.registerProductFeedback(retried)).toEqual(first);

    // The half the shop's calendar is in right now (1st–15th or 16th–end).
    const today = shopDate(new Date());
    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const half = day <= 15 ? 1 : 2;
    // Over HTTP/JSON, as a supervisor's dashboard would ask.
    const response = await h.http(
      '/cs.inquiry.v1.DeskService/GetFeedbackReport',
      { year, month, half },
      supervisor('sup-1', '刘主管'),
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      total: 6,
      products: [
        // The same product written with stray spaces is one product.
        {
          product: '马克杯',
          count: 4,
          suggestions: ['杯盖希望能防漏', '希望有更大容量的款式', '手柄太细，烫手', '希望出红色'],
        },
        // Equal counts: by product name.
        { product: '保温杯', count: 1, suggestions: ['保温时间可以更长'] },
        { product: '帆布袋', count: 1, suggestions: ['希望加一个内袋'] },
      ],
    });
    // The other half of this month has none of them.
    const other = await report(year, month, half === 1 ? 2 : 1);
    expect(other.total).toBe(0);
    expect(other.products).toEqual([]);
  });

  it('a half-month is the 1st–15th or the 16th–end in shop time (UTC+8): each suggestion is in exactly one report', async () => {
    await feedbackRecordedAt('2025-02-28T23:59:59+08:00', '台灯', '2月28日 23:59:59');
    await feedbackRecordedAt('2025-03-01T00:00:00+08:00', '台灯', '3月1日 00:00:00');
    await feedbackRecordedAt('2025-03-10T09:30:00+08:00', '台灯', '3月10日 09:30');
    await feedbackRecordedAt('2025-03-15T23:59:59+08:00', '台灯', '3月15日 23:59:59');
    await feedbackRecordedAt('2025-03-16T00:00:00+08:00', '台灯', '3月16日 00:00:00');
    // Still the 15th in UTC, already the 16th in the shop.
    await feedbackRecordedAt('2025-03-15T20:00:00Z', '台灯', '3月16日 04:00');
    await feedbackRecordedAt('2025-03-31T23:59:59+08:00', '台灯', '3月31日 23:59:59');
    await feedbackRecordedAt('2025-04-01T00:00:00+08:00', '台灯', '4月1日 00:00:00');

    const suggestionsOf = async (month: number, half: 1 | 2) => {
      const r = await report(2025, month, half);
      expect(r.total).toBe(r.products.reduce((n, p) => n + p.count, 0));
      return r.products.flatMap((p) => p.suggestions);
    };
    expect(await suggestionsOf(3, 1)).toEqual(['3月1日 00:00:00', '3月10日 09:30', '3月15日 23:59:59']);
    expect(await suggestionsOf(3, 2)).toEqual(['3月16日 00:00:00', '3月16日 04:00', '3月31日 23:59:59']);
    expect(await suggestionsOf(2, 2)).toEqual(['2月28日 23:59:59']);
    expect(await suggestionsOf(4, 1)).toEqual(['4月1日 00:00:00']);
  });

  it('the second half runs to the end of the month: 29 February of a leap year, 31 December into the new year', async () => {
    await feedbackRecordedAt('2024-02-29T21:00:00+08:00', '雨伞', '2024年2月29日');
    await feedbackRecordedAt('2024-03-01T00:00:00+08:00', '雨伞', '2024年3月1日');
    await feedbackRecordedAt('2025-12-31T23:30:00+08:00', '雨伞', '2025年12月31日');
    await feedbackRecordedAt('2026-01-01T00:00:00+08:00', '雨伞', '2026年1月1日');

    expect(await report(2024, 2, 2)).toEqual({
      total: 1,
      products: [{ product: '雨伞', count: 1, suggestions: ['2024年2月29日'] }],
    });
    expect((await report(2024, 3, 1)).products[0]?.suggestions).toEqual(['2024年3月1日']);
    expect((await report(2025, 12, 2)).products[0]?.suggestions).toEqual(['2025年12月31日']);
    expect((await report(2026, 1, 1)).products[0]?.suggestions).toEqual(['2026年1月1日']);
  });
});

describe('daily work log (工作日志) and the agent’s daily figures', () => {
  beforeAll(async () => {
    await noSlaPressure(ConversationClass.CONVERSATION_CLASS_PRE_SALES);
    await noSlaPressure(ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING);
    await noSlaPressure(ConversationClass.CONVERSATION_CLASS_OTHER);
    await h.agentOnline('w1', ['pre-sales'], 10);
    await h.agentOnline('w2', ['tracking'], 10);
    await h.agentOnline('w3', ['general'], 10);
  });

  it('an agent’s day: their own log lines in order, conversations answered, average first response, closed, sales marked', async () => {
    const w1 = frontLine('w1', '张三');
    const w2 = frontLine('w2', '李梅');
    const reply = (conversationId: string, agent = w1) =>
      h.as(agent).conversations.replyToCustomer({
        conversationId,
        body: '您好，在的',
        attachments: [],
        awaitingCustomer: false,
      });
    // The agent holding the conversation marks the sale for the salesperson it names.
    const attribute = (conversationId: string, orderId: string, agent = w1) =>
      h.as(agent).conversations.attributeSale({
        conversationId,
        orderId,
        salesAgent: agentRef(agent.agentId!, agent.name),
        idempotencyKey: randomUUID(),
      });

    // Answered after 2 minutes, a sale marked, closed.
    const orderA = await placeOrder({ paid: true });
    const a = (await h.ingest('这款杯子有货吗', { sentAt: minutesAgo(2), orderId: orderA })).conversation!;
    expect(a.assignee?.agentId).toBe('w1');
    await reply(a.conversationId);
    await attribute(a.conversationId, orderA);
    await h.as(w1).conversations.closeConversation({ conversationId: a.conversationId, result: '已下单' });
    // Answered after 1 minute, a sale marked, still open.
    const orderB = await placeOrder({ paid: true });
    const b = (await h.ingest('包邮吗', { sentAt: minutesAgo(1), orderId: orderB })).conversation!;
    expect(b.assignee?.agentId).toBe('w1');
    await reply(b.conversationId);
    await attribute(b.conversationId, orderB);
    // Held but not answered yet: nothing done, nothing counted.
    const c = (await h.ingest('有优惠吗')).conversation!;
    expect(c.assignee?.agentId).toBe('w1');
    // A colleague's conversation and sale are not w1's.
    const orderC = await placeOrder({ paid: true });
    const t = (await h.ingest('我的快递到哪了', { orderId: orderC })).conversation!;
    expect(t.assignee?.agentId).toBe('w2');
    await reply(t.conversationId, w2);
    await attribute(t.conversationId, orderC, w2);

    // A line goes into the log of whoever writes it (their token).
    const firstLine = { idempotencyKey: randomUUID(), text: '上岗：检查未回复会话' };
    const logged = await h.as(w1).desk.addWorkLogEntry(firstLine);
    // A retried call (a timeout, a double click) adds no second line.
    expect(await h.as(w1).desk.addWorkLogEntry(firstLine)).toEqual(logged);
    // An old client still naming an agent in the body: the token decides whose log it is.
    const overHttp = await h.http(
      '/cs.inquiry.v1.DeskService/AddWorkLogEntry',
      { idempotencyKey: randomUUID(), agent: { agentId: 'w2', name: '李梅' }, text: '催付3单，成交2单' },
      w1,
    );
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.entryId).toMatch(/^[0-9a-f-]{36}$/);
    await h.as(w2).desk.addWorkLogEntry({ idempotencyKey: randomUUID(), text: '查件5单' });

    const today = shopDate(new Date());
    // The agent reads their own day.
    const log = await h.as(w1).desk.getDailyWorkLog({ agentId: 'w1', date: today });
    expect(log).toMatchObject({
      entries: ['上岗：检查未回复会话', '催付3单，成交2单'],
      conversations: 2,
      resolved: 1,
      sales: 2,
    });
    // (2 + 1) / 2 minutes, plus the few milliseconds each reply took.
    expect(log.avgFirstResponseMinutes).toBeGreaterThanOrEqual(1.5);
    expect(log.avgFirstResponseMinutes).toBeLessThan(1.6);

    // A supervisor reads anyone's; an agent not a colleague's.
    const colleague = await h.as(supervisor('sup-1')).desk.getDailyWorkLog({ agentId: 'w2', date: today });
    expect(colleague).toMatchObject({ entries: ['查件5单'], conversations: 1, resolved: 0, sales: 1 });
    const refused = await h
      .as(w1)
      .desk.getDailyWorkLog({ agentId: 'w2', date: today })
      .catch((e) => e);
    expect(refused.code).toBe(status.PERMISSION_DENIED);
  });

  it('the work is credited to who did it: answered, then escalated to a supervisor, it stays in the agent’s day, not the holder’s', async () => {
    const w1 = h.as(frontLine('w1', '张三'));
    await h.agentOnline('w-sup', [], 5, AgentRole.AGENT_ROLE_SUPERVISOR);
    const today = shopDate(new Date());
    const before = await h.desk.getDailyWorkLog({ agentId: 'w1', date: today });
    const d = (await h.ingest('尺码偏大吗', { sentAt: minutesAgo(3) })).conversation!;
    expect(d.assignee?.agentId).toBe('w1');
    await w1.conversations.replyToCustomer({
      conversationId: d.conversationId,
      body: '偏小一码',
      attachments: [],
      awaitingCustomer: false,
    });
    const { conversation } = await w1.conversations.escalateConversation({
      conversationId: d.conversationId,
      reason: '劣质客户',
    });
    expect(conversation?.assignee?.agentId).toBe('w-sup');
    const after = await h.desk.getDailyWorkLog({ agentId: 'w1', date: today });
    expect(after.conversations).toBe(before.conversations + 1);
    expect(after.avgFirstResponseMinutes).toBeGreaterThan(before.avgFirstResponseMinutes);
    await h.as(supervisor('w-sup')).conversations.closeConversation({
      conversationId: d.conversationId,
      result: '已解决',
    });
    expect(await h.desk.getDailyWorkLog({ agentId: 'w-sup', date: today })).toMatchObject({
      conversations: 0,
      resolved: 1,
      avgFirstResponseMinutes: 0,
    });
  });

  it('the day is the shop’s calendar day: a reply at 23:59:59 shop time counts yesterday, one at 00:00:01 today', async () => {
    const today = shopDate(new Date());
    const midnight = startOfShopDay(today);
    const yesterday = shopDate(new Date(midnight.getTime() - 1000));
    const lateYesterday = (await h.ingest('你好', { sentAt: new Date(midnight.getTime() - 5000) })).conversation!;
    const earlyToday = (await h.ingest('在吗', { sentAt: new Date(midnight.getTime() + 1000) })).conversation!;
    expect(lateYesterday.assignee?.agentId).toBe('w3');
    expect(earlyToday.assignee?.agentId).toBe('w3');
    // Replies go out at the server's clock, so the two around midnight are written as setup.
    for (const [conversationId, sentAt] of [
      [lateYesterday.conversationId, new Date(midnight.getTime() - 1000)],
      [earlyToday.conversationId, new Date(midnight.getTime() + 2000)],
    ] as const) {
      await h.sut.service.orm.em.fork().execute(
        `insert into messages (id, conversation_id, channel, kind, body, author, sent_at)
         values (gen_random_uuid(), ?, 'CHANNEL_MARKETPLACE_IM', 'MESSAGE_KIND_AGENT_REPLY', '在的', ?::jsonb, ?)`,
        [conversationId, JSON.stringify(agentRef('w3')), sentAt],
      );
    }
    const w3 = h.as(frontLine('w3'));
    await w3.conversations.closeConversation({ conversationId: lateYesterday.conversationId, result: '客户未再回复' });
    await w3.desk.addWorkLogEntry({ idempotencyKey: randomUUID(), text: '夜班交接已读' });

    expect(await h.desk.getDailyWorkLog({ agentId: 'w3', date: yesterday })).toMatchObject({
      entries: [],
      conversations: 1,
      resolved: 0,
      sales: 0,
    });
    expect(await h.desk.getDailyWorkLog({ agentId: 'w3', date: today })).toMatchObject({
      entries: ['夜班交接已读'],
      conversations: 1,
      resolved: 1,
      sales: 0,
    });
  });
});

describe('unpaid-order follow-up tasks (催付)', () => {
  const openTaskOf = (orderId: string) =>
    waitFor(
      `open follow-up task for ${orderId}`,
      async () =>
        (await h.desk.listFollowUpTasks({ status: FollowUpStatus.FOLLOW_UP_STATUS_OPEN })).tasks.find(
          (t) => t.orderId === orderId,
        ),
      { timeoutMs: 20_000 },
    );
  const ordersIn = async (status: FollowUpStatus) =>
    (await h.desk.listFollowUpTasks({ status })).tasks.map((t) => t.orderId);

  it('an agent who asked about the payment completes the task with what the customer said: it is DONE, no longer OPEN', async () => {
    const orderId = await placeOrder({ paid: false, placedAt: minutesAgo(2), customerId: 'buyer-unpaid' });
    const task = await openTaskOf(orderId);

    // w1 is of the pre-sales team, who chase payments.
    const { task: done } = await h.as(frontLine('w1', '张三')).desk.completeFollowUpTask({
      taskId: task.taskId,
      outcome: '客户说花呗额度不够，今晚用银行卡付款',
    });
    expect(done).toMatchObject({
      taskId: task.taskId,
      orderId,
      customer: { customerId: 'buyer-unpaid' },
      status: FollowUpStatus.FOLLOW_UP_STATUS_DONE,
      outcome: '客户说花呗额度不够，今晚用银行卡付款',
    });
    expect(await ordersIn(FollowUpStatus.FOLLOW_UP_STATUS_OPEN)).not.toContain(orderId);
    expect(await ordersIn(FollowUpStatus.FOLLOW_UP_STATUS_PAID)).not.toContain(orderId);
    const listed = (await h.desk.listFollowUpTasks({ status: FollowUpStatus.FOLLOW_UP_STATUS_DONE })).tasks.find(
      (t) => t.orderId === orderId,
    );
    expect(listed).toMatchObject({ status: FollowUpStatus.FOLLOW_UP_STATUS_DONE, outcome: done!.outcome });
  });

  it('a task no longer open is not completed again: the first outcome stands', async () => {
    const orderId = await placeOrder({ paid: false, placedAt: minutesAgo(2) });
    const task = await openTaskOf(orderId);
    await h.as(frontLine('w1')).desk.completeFollowUpTask({ taskId: task.taskId, outcome: '客户已确认今天付款' });

    // A pre-sales colleague (by the token's team) comes to the same task later.
    const again = await h.as(frontLine('w4', '李梅', 'pre-sales')).desk.completeFollowUpTask({
      taskId: task.taskId,
      outcome: '客户不想要了',
    });
    expect(again.task).toMatchObject({ status: FollowUpStatus.FOLLOW_UP_STATUS_DONE, outcome: '客户已确认今天付款' });
    const listed = (await h.desk.listFollowUpTasks({ status: FollowUpStatus.FOLLOW_UP_STATUS_DONE })).tasks.find(
      (t) => t.taskId === task.taskId,
    );
    expect(listed?.outcome).toBe('客户已确认今天付款');
  });

  it('催付 is the pre-sales team’s: an agent of another team sees and completes only tasks of customers they serve', async () => {
    const orderId = await placeOrder({ paid: false, placedAt: minutesAgo(2), customerId: 'buyer-tracked' });
    const task = await openTaskOf(orderId);
    const tracker = h.as(frontLine('w2', '李梅'));
    const openForTracker = async () =>
      (await tracker.desk.listFollowUpTasks({ status: FollowUpStatus.FOLLOW_UP_STATUS_OPEN })).tasks.map(
        (t) => t.orderId,
      );
    expect(await openForTracker()).not.toContain(orderId);
    const refused = await tracker.desk
      .completeFollowUpTask({ taskId: task.taskId, outcome: '客户说明天付' })
      .catch((e) => e);
    expect(refused.code).toBe(status.PERMISSION_DENIED);
    expect(await ordersIn(FollowUpStatus.FOLLOW_UP_STATUS_OPEN)).toContain(orderId);

    // The customer writes in about a parcel: w2 (tracking) now serves them, and sees their unpaid order.
    const { conversation } = await h.ingest('我的快递到哪了', { customerId: 'buyer-tracked' });
    expect(conversation?.assignee?.agentId).toBe('w2');
    expect(await openForTracker()).toContain(orderId);
    const { task: done } = await tracker.desk.completeFollowUpTask({ taskId: task.taskId, outcome: '客户说明天付' });
    expect(done?.status).toBe(FollowUpStatus.FOLLOW_UP_STATUS_DONE);
  });

  it('open tasks are listed oldest order first', async () => {
    // Recorded newest first: the list orders by when the order was placed, not by arrival.
    const newer = await placeOrder({ paid: false, placedAt: minutesAgo(2) });
    const older = await placeOrder({ paid: false, placedAt: minutesAgo(4) });
    await openTaskOf(newer);
    await openTaskOf(older);
    const open = (await ordersIn(FollowUpStatus.FOLLOW_UP_STATUS_OPEN)).filter((id) => id === newer || id === older);
    expect(open).toEqual([older, newer]);
  });
});

import { randomUUID } from 'node:crypto';
import { uuidv7 } from '@cs/bus';
import type { EventPayload } from '@cs/contracts';
import { CUSTOMER_ERASED, IdempotencyStore } from '@cs/persistence';
import { publishAsProducer, waitFor } from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

const SUBJECT = 'cs.care.customer.erasure_requested';

let h: InquiryHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startInquiry();
  nc = await connect({ servers: h.sut.service.config.natsServers });
  await h.agentOnline('er-1', ['pre-sales', 'general'], 10);
});
afterAll(async () => {
  await nc?.drain();
  await h?.stop();
});

const sql = <T>(query: string, params: unknown[] = []) => h.sut.service.orm.em.fork().execute<T[]>(query, params);

/** Publishes an erasure request as care's relay does, and waits until inquiry acknowledged it. */
async function publishErasure(payload: EventPayload<typeof SUBJECT>, eventId = uuidv7()): Promise<void> {
  await publishAsProducer(nc, { subjectPrefix: h.sut.subjectPrefix, consumer: 'inquiry' }, SUBJECT, payload, {
    eventId,
    aggregateId: payload.customerId,
  });
}

interface Seeded {
  conversationId: string;
  orderId: string;
  /** The idempotency key and request fingerprint of an order change remembered for retries. */
  remembered: { key: string; fingerprint: string };
}

/** A customer's contact as the desk handles it: their words, a reply, a note, the record, a suggestion, a 催付 task. */
async function customerWithHistory(customerId: string, name: string, phone: string): Promise<Seeded> {
  const agent = h.as(frontLine('er-1'));
  const { conversation } = await h.ingest(`你好，我是${name}，电话${phone}，这个杯子有货吗`, {
    customerId,
    displayName: name,
  });
  const conversationId = conversation!.conversationId;
  expect(conversation?.assignee?.agentId).toBe('er-1');
  await agent.conversations.replyToCustomer({
    conversationId,
    body: `${name}您好，有货，已记下您的电话${phone}`,
    attachments: [],
    awaitingCustomer: false,
  });
  await agent.conversations.addNote({ conversationId, body: '客户地址：浙江省杭州市西湖区文三路1号', attachments: [] });
  await agent.conversations.updateRecord({
    conversationId,
    problem: `${name}询问库存`,
    handlingStep: `客户要求修改地址，新地址为：${name}，${phone}，浙江省杭州市西湖区文一路99号，310000`,
    result: '',
  });
  await agent.desk.registerProductFeedback({
    product: '马克杯',
    suggestion: `${name}希望杯子更大`,
    conversationId,
    idempotencyKey: randomUUID(),
  });
  // The order desk's payment reminder, as the event consumer stores it.
  const orderId = `TB-${randomUUID().slice(0, 8)}`;
  await sql(
    `insert into follow_up_tasks (id, order_id, customer, total, status, order_version, created_at)
     values (gen_random_uuid(), ?, ?::jsonb, ?::jsonb, 'FOLLOW_UP_STATUS_OPEN', 1, now())`,
    [
      orderId,
      JSON.stringify({ customerId, displayName: name }),
      JSON.stringify({ amountMinor: 3998, currency: 'CNY' }),
    ],
  );
  const [task] = await sql<{ id: string }>('select id from follow_up_tasks where order_id = ?', [orderId]);
  await agent.desk.completeFollowUpTask({ taskId: task!.id, outcome: `${name}说今晚用银行卡付款` });
  // An order change answered earlier, remembered for retries with the conversation as it was
  // (stored as the service stores it: sealed, with a masked copy).
  const remembered = { key: randomUUID(), fingerprint: randomUUID() };
  await h.sut.service.orm.em.fork().transactional((em) =>
    IdempotencyStore.save(em, 'RequestAddressChange', remembered.key, remembered.fingerprint, {
      response: { summary: '已改地址', conversation: { conversationId, customer: { customerId, displayName: name } } },
    }),
  );
  return { conversationId, orderId, remembered };
}

const rowsOf = async (seeded: Seeded) => ({
  conversation: await sql('select * from conversations where id = ?', [seeded.conversationId]),
  messages: await sql<{ kind: string; body: string }>(
    'select * from messages where conversation_id = ? order by sent_at, id',
    [seeded.conversationId],
  ),
  task: await sql('select * from follow_up_tasks where order_id = ?', [seeded.orderId]),
  feedback: await sql('select * from product_feedback where conversation_id = ?', [seeded.conversationId]),
  remembered: await IdempotencyStore.read(
    h.sut.service.orm.em.fork(),
    'RequestAddressChange',
    seeded.remembered.key,
    seeded.remembered.fingerprint,
  ),
  sentEvents: await sql<{ n: string }>(
    'select count(*) as n from cs_outbox where aggregate_id = ? and published_at is not null',
    [seeded.conversationId],
  ),
});

describe('customer erasure (PIPL): the front line forgets a customer who asks, and keeps its figures', () => {
  let erased: Seeded;
  let kept: Seeded;
  let keptBefore: Awaited<ReturnType<typeof rowsOf>>;
  let erasedBefore: Awaited<ReturnType<typeof rowsOf>>;
  const figures = async () => {
    const now = Math.floor(Date.now() / 1000);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    return {
      report: await h.reports.getReport({
        from: { seconds: now - 3600, nanos: 0 },
        to: { seconds: now + 60, nanos: 0 },
      }),
      day: await h.desk.getDailyWorkLog({ agentId: 'er-1', date: day }),
      tasks: (await h.desk.listFollowUpTasks({ status: 'FOLLOW_UP_STATUS_DONE' as never })).tasks.map((t) => ({
        orderId: t.orderId,
        total: t.total,
        status: t.status,
      })),
      feedback: await h.desk
        .getFeedbackReport({
          year: Number(day.slice(0, 4)),
          month: Number(day.slice(5, 7)),
          half: Number(day.slice(8)) <= 15 ? 1 : 2,
        })
        .then((r) => ({ total: r.total, products: r.products.map((p) => [p.product, p.count]) })),
    };
  };
  let figuresBefore: Awaited<ReturnType<typeof figures>>;

  beforeAll(async () => {
    erased = await customerWithHistory('buyer-erase', '陈小姐', '13912345678');
    kept = await customerWithHistory('buyer-keep', '周先生', '13800005555');
    // The next shift signs in, and the shift hands both over with a note about each customer.
    await h.agentOnline('er-2', ['pre-sales', 'general'], 10);
    await h.as(frontLine('er-1')).desk.handOverShift({
      idempotencyKey: randomUUID(),
      fromAgentId: '',
      toAgentId: 'er-2',
      note: '陈小姐 13912345678 等回复',
      leftoverIssues: ['周先生要发票'],
    });
    // The events about them have gone out: the outbox keeps sent copies.
    await waitFor('the outbox sent', async () => {
      const [row] = await sql<{ n: string }>('select count(*) as n from cs_outbox where published_at is null');
      return row?.n === '0';
    });
    erasedBefore = await rowsOf(erased);
    keptBefore = await rowsOf(kept);
    figuresBefore = await figures();
    await publishErasure({
      erasureId: 'er-2026-001',
      customerId: 'buyer-erase',
      requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
      requestedBy: 'admin-1',
    });
  });

  it('the customer’s name and words are replaced, and their phone and address inside staff text', async () => {
    const { conversation, messages } = await rowsOf(erased);
    expect(conversation[0]).toMatchObject({
      customer: { customerId: 'buyer-erase', displayName: '[erased]' },
      problem: '[erased]询问库存',
      handling_steps: ['客户要求修改地址，新地址为：[erased] ---er-1'],
    });
    const bodies = messages.map((m) => [m.kind, m.body]);
    expect(bodies).toEqual([
      ['MESSAGE_KIND_CUSTOMER', '[erased]'],
      ['MESSAGE_KIND_AGENT_REPLY', '[erased]您好，有货，已记下您的电话[erased]'],
      ['MESSAGE_KIND_INTERNAL_NOTE', '客户地址：[erased]'],
      ['MESSAGE_KIND_SYSTEM', '交接班：er-1 → er-2。[erased] [erased] 等回复'],
    ]);
  });

  it('what quotes them goes: the 催付 outcome, their suggestion, the handover note; ids and amounts stay', async () => {
    const { task, feedback, remembered, sentEvents } = await rowsOf(erased);
    expect(task[0]).toMatchObject({
      order_id: erased.orderId,
      customer: { customerId: 'buyer-erase', displayName: '[erased]' },
      total: { amountMinor: 3998, currency: 'CNY' },
      status: 'FOLLOW_UP_STATUS_DONE',
      outcome: '[erased]',
    });
    expect(feedback[0]).toMatchObject({ product: '马克杯', suggestion: '[erased]' });
    const [handover] = await sql<{ note: string; leftover_issues: string[] }>('select * from handovers');
    expect(handover).toMatchObject({ note: '[erased] [erased] 等回复', leftover_issues: ['周先生要发票'] });
    // A retry no longer replays the conversation as it was; the desk's copies of sent events are gone.
    expect(erasedBefore.remembered?.response).toMatchObject({ summary: '已改地址' });
    expect(remembered).toEqual({ error: CUSTOMER_ERASED });
    expect(erasedBefore.sentEvents[0]).not.toEqual({ n: '0' });
    expect(sentEvents[0]).toEqual({ n: '0' });
  });

  it('the other customer is untouched, and every figure adds up as before', async () => {
    expect(await rowsOf(kept)).toEqual(keptBefore);
    expect(await figures()).toEqual(figuresBefore);
  });

  it('the same request again (re-published) changes nothing more, not even what the customer wrote since', async () => {
    const { conversation } = await h.ingest('我又来了，13700001111', {
      customerId: 'buyer-erase',
      displayName: '陈小姐',
    });
    expect(conversation?.conversationId).toBe(erased.conversationId);
    const before = await rowsOf(erased);
    await publishErasure({
      erasureId: 'er-2026-001',
      customerId: 'buyer-erase',
      requestedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
      requestedBy: 'admin-1',
    });
    expect((await rowsOf(erased)).messages).toEqual(before.messages);
    expect(before.messages.map((m) => m.body)).toContain('我又来了，13700001111');
  });
});

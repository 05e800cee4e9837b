import { Channel, ConversationClass, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { migrate, openDatabase } from '@cs/persistence';
import { DueWorkScheduler } from '@cs/scheduler';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConversationReader } from '../../src/application/conversation.reader.js';
import { autoCloseWork, slaWarningWork } from '../../src/application/front-line.works.js';
import { PutSlaPolicyHandler } from '../../src/application/put-sla-policy.handler.js';
import { parseShifts } from '../../src/domain/business-hours.rule.js';
import { Conversation } from '../../src/domain/conversation.aggregate.js';
import { ConversationSchema } from '../../src/infrastructure/conversation.schema.js';
import { ConversationMessageSchema } from '../../src/infrastructure/conversation-message.schema.js';
import type { InquiryConfig } from '../../src/inquiry.config.js';
import { inquiryMigrations } from '../../src/migrations/index.js';

// The front line's due work on its own database, without a service process: ticks are driven here
// with tick(now). Unclassified, normal priority: targets 3 / 5 / 240 business minutes (seeded).
let db: TestDatabase;
const orms: MikroORM[] = [];
const calendar = { timeZone: 'Asia/Shanghai', shifts: parseShifts('00:00-24:00')! };
const config = { calendar, inquiryAutoCloseQuietSeconds: 60 } as InquiryConfig;
const open = (url: string) =>
  openDatabase({ url, entities: [ConversationSchema, ConversationMessageSchema], migrations: inquiryMigrations });
const replica = (orm: MikroORM) =>
  new DueWorkScheduler(orm, [slaWarningWork(new ConversationReader(config), config), autoCloseWork(config)], {
    pollMs: 60_000,
    batchSize: 10,
  });

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'inquiry-sla-due');
  orms.push(await open(db.url), await open(db.url));
  await migrate(orms[0]!);
});
afterAll(async () => {
  for (const orm of orms) await orm.close();
  await db?.drop();
});

const orm = () => orms[0]!;
const ms = (minutes: number) => minutes * 60_000;
const sql = <T>(query: string, params: unknown[] = []) => orm().em.fork().execute<T[]>(query, params);

async function openConversation(sentAt: Date, priority = Priority.PRIORITY_NORMAL): Promise<string> {
  const em = orm().em.fork();
  const c = Conversation.open({
    channel: Channel.CHANNEL_WECHAT,
    customer: { customerId: `buyer-${Math.random().toString(36).slice(2)}` } as never,
    orderId: null,
    priority,
    sentAt,
  });
  await em.persist(c).flush();
  return c.id;
}

async function change(id: string, act: (c: Conversation) => void): Promise<void> {
  const em = orm().em.fork();
  act(await em.findOneOrFail(Conversation, { id }));
  await em.flush();
}

async function slaDueAt(id: string): Promise<Date | null> {
  const [row] = await sql<{ at: string | null }>('select sla_due_at::text as at from conversations where id = ?', [id]);
  return row?.at ? new Date(row.at) : null;
}
const events = (subject: string, id: string) =>
  sql<{ id: string }>('select id from cs_outbox where subject = ? and aggregate_id = ?', [subject, id]);
const claimed = (ticks: { name: string; claimed: number }[], name: string) =>
  ticks.find((t) => t.name === name)!.claimed;

describe('front-line due work: conversations are read when a warning falls due, not every tick', () => {
  it('a swept conversation is not read again before its next warning, then near breach and breach come on time', async () => {
    const scheduler = replica(orm());
    const openedAt = new Date(Date.now() - ms(1));
    const id = await openConversation(openedAt);
    const now = new Date(); // after the insert's own (database) time
    await scheduler.tick(now); // the insert made it due at once; the sweep stores its real time
    expect((await slaDueAt(id))?.getTime()).toBe(openedAt.getTime() + ms(2.4) + 1);
    expect(claimed(await scheduler.tick(now), 'inquiry-sla-warning')).toBe(0);

    await scheduler.tick(new Date(openedAt.getTime() + ms(2.4) + 1));
    expect(await events('cs.inquiry.sla.near_breach', id)).toHaveLength(1);
    expect(await events('cs.inquiry.sla.breached', id)).toHaveLength(0);
    expect((await slaDueAt(id))?.getTime()).toBe(openedAt.getTime() + ms(3) + 1);

    await scheduler.tick(new Date(openedAt.getTime() + ms(3) + 1));
    expect(await events('cs.inquiry.sla.breached', id)).toHaveLength(1);
    expect(await events('cs.inquiry.conversation.escalated', id)).toHaveLength(1);
    // Next: the resolution clock's near breach, 80 % of 240 minutes after opening.
    expect((await slaDueAt(id))?.getTime()).toBe(openedAt.getTime() + ms(192) + 1);
  });

  it('any change to the clocks brings a conversation back to the next sweep (trigger), which stores the new time', async () => {
    const scheduler = replica(orm());
    const openedAt = new Date(Date.now() - ms(1));
    const id = await openConversation(openedAt);
    await scheduler.tick(new Date());
    const stored = await slaDueAt(id);
    // Taking it does not move the clocks: the stored time stands.
    await change(id, (c) => c.assignTo({ agentId: 'a1', name: 'A' } as never, 'general', 'test', new Date()));
    expect(await slaDueAt(id)).toEqual(stored);
    const repliedAt = new Date();
    await change(id, (c) => c.reply(repliedAt, true, calendar));
    expect((await slaDueAt(id))!.getTime()).toBeLessThanOrEqual(Date.now());
    await scheduler.tick(new Date());
    // Waiting on the customer: the clocks are paused, nothing can fall due until they write.
    expect(await slaDueAt(id)).toBeNull();

    const wroteAt = new Date();
    await change(id, (c) => c.receiveCustomerMessage(wroteAt));
    expect((await slaDueAt(id))!.getTime()).toBeLessThanOrEqual(Date.now());
    const sweptAt = new Date();
    await scheduler.tick(sweptAt);
    // The next-response clock (target 5) runs from the message: near breach at 4 minutes.
    expect((await slaDueAt(id))?.getTime()).toBe(wroteAt.getTime() + ms(4) + 1);
  });

  it('a changed SLA policy brings the conversations it measures back to the sweep', async () => {
    const scheduler = replica(orm());
    const openedAt = new Date(Date.now() - ms(1));
    const id = await openConversation(openedAt, Priority.PRIORITY_HIGH);
    await scheduler.tick(new Date());
    const before = await slaDueAt(id);
    await new PutSlaPolicyHandler(orm()).execute({
      policy: {
        conversationClass: ConversationClass.CONVERSATION_CLASS_OTHER,
        priority: Priority.PRIORITY_HIGH,
        firstResponseMinutes: 50,
        nextResponseMinutes: 50,
        resolutionMinutes: 500,
      },
    });
    expect((await slaDueAt(id))!.getTime()).toBeLessThanOrEqual(Date.now());
    await scheduler.tick(new Date());
    expect((await slaDueAt(id))?.getTime()).toBe(openedAt.getTime() + ms(40) + 1);
    expect((await slaDueAt(id))?.getTime()).not.toBe(before?.getTime());
  });

  it('two replicas sweeping at once raise each breach once and share the work', async () => {
    const openedAt = new Date(Date.now() - ms(10));
    const ids = await Promise.all(Array.from({ length: 30 }, () => openConversation(openedAt)));
    const [a, b] = [replica(orms[0]!), replica(orms[1]!)];
    const now = new Date();
    const [ticksA, ticksB] = await Promise.all([a.tick(now), b.tick(now)]);
    const rows = await sql<{ aggregate_id: string; n: number }>(
      `select aggregate_id, count(*)::int as n from cs_outbox where subject = 'cs.inquiry.sla.breached'
       and aggregate_id in (?) group by aggregate_id`,
      [ids],
    );
    // First response and resolution? 10 of 240 minutes: only the first-response breach is due.
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const handledA = ticksA.find((t) => t.name === 'inquiry-sla-warning')!.handled;
    const handledB = ticksB.find((t) => t.name === 'inquiry-sla-warning')!.handled;
    expect(handledA + handledB).toBeGreaterThanOrEqual(30);
  });

  it('a confirmed order is closed once the customer has been quiet for the window, not before', async () => {
    const scheduler = replica(orm());
    const quiet = await openConversation(new Date(Date.now() - ms(5)));
    const recent = await openConversation(new Date(Date.now() - ms(5)));
    await change(quiet, (c) => c.confirmOrder('TB-1', new Date(Date.now() - ms(2))));
    await change(recent, (c) => c.confirmOrder('TB-2', new Date()));
    const ticks = await scheduler.tick(new Date());
    expect(claimed(ticks, 'inquiry-auto-close')).toBe(1);
    expect(await events('cs.inquiry.conversation.closed', quiet)).toHaveLength(1);
    expect(await events('cs.inquiry.conversation.closed', recent)).toHaveLength(0);
    expect(await slaDueAt(quiet)).toBeNull();
  });
});

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { MarketingSentCounts } from '../domain/frequency-cap.rule.js';
import type { MessageChannel } from '../domain/message-channel.js';
import type { OutboundMessage, OutboundState } from '../domain/outbound-message.js';

const COLUMNS = [
  'message_id',
  'campaign_id',
  'reference',
  'customer_id',
  'channel',
  'purpose',
  'state',
  'reason',
  'address',
  'subject',
  'text',
  'due_at',
  'counted_at',
  'created_at',
  'updated_at',
] as const;

interface MessageRow {
  message_id: string;
  campaign_id: string | null;
  reference: string;
  customer_id: string;
  channel: MessageChannel;
  purpose: OutboundMessage['purpose'];
  state: OutboundState;
  reason: string;
  address: string;
  subject: string;
  text: string;
  due_at: Date | null;
  counted_at: Date | null;
  attempts: number;
}

export const toMessage = (row: MessageRow): OutboundMessage => ({
  messageId: row.message_id,
  campaignId: row.campaign_id ?? undefined,
  reference: row.reference,
  customerId: row.customer_id,
  channel: row.channel,
  purpose: row.purpose,
  state: row.state,
  reason: row.reason,
  address: row.address,
  subject: row.subject,
  text: row.text,
  dueAt: row.due_at ? new Date(row.due_at) : undefined,
  countedAt: row.counted_at ? new Date(row.counted_at) : undefined,
});

/** The ledger of messages decided (outbound_messages): one per campaign x customer x channel. */
@Injectable()
export class OutboundMessageStore {
  /**
   * Writes a batch in one statement; a message already recorded for its campaign, customer and
   * channel is left as it is. Returns the ids actually written.
   */
  async addMany(em: EntityManager, messages: OutboundMessage[], at: Date): Promise<Set<string>> {
    if (!messages.length) return new Set();
    const rowSql = `(${COLUMNS.map(() => '?').join(', ')})`;
    const params = messages.flatMap((m) => [
      m.messageId,
      m.campaignId ?? null,
      m.reference,
      m.customerId,
      m.channel,
      m.purpose,
      m.state,
      m.reason,
      m.address,
      m.subject,
      m.text,
      m.dueAt ?? null,
      m.countedAt ?? null,
      at,
      at,
    ]);
    const rows = await em.execute<{ message_id: string }[]>(
      `insert into outbound_messages (${COLUMNS.join(', ')}) values ${messages.map(() => rowSql).join(', ')}
       on conflict do nothing returning message_id`,
      params,
    );
    return new Set(rows.map((row) => row.message_id));
  }

  async get(em: EntityManager, messageId: string, lock = false): Promise<OutboundMessage | undefined> {
    const [row] = await em.execute<MessageRow[]>(
      `select * from outbound_messages where message_id = ?${lock ? ' for update' : ''}`,
      [messageId],
    );
    return row && toMessage(row);
  }

  /**
   * Marketing campaigns reaching each customer in the shop day and week of `windows` (held ones
   * included), read after locking the customers' marketing_contact_locks rows until commit. Every
   * transaction that records marketing messages reads its caps here, so two campaigns (or replicas)
   * deciding the same customer at once take turns and the second counts the first's messages.
   *
   * Why row locks and not a counter row or advisory locks: the ledger stays the only count (held
   * messages, erasure and seeded history need no second bookkeeping), and a row lock lives in the
   * tuple, not in PostgreSQL's shared lock table, so a page of 5,000 customers cannot exhaust
   * max_locks_per_transaction. Locks are taken in one statement in customer_id order, the same
   * order in every transaction, so two pages never wait on each other in a cycle.
   */
  async lockedMarketingCounts(
    em: EntityManager,
    customerIds: string[],
    windows: { dayStart: Date; weekStart: Date },
  ): Promise<Map<string, MarketingSentCounts>> {
    const counts = new Map<string, MarketingSentCounts>();
    if (!customerIds.length) return counts;
    // DO UPDATE ... WHERE false locks an existing row without writing a new version of it.
    await em.execute(
      `insert into marketing_contact_locks (customer_id)
       select distinct id from unnest(array[?]::text[]) as id order by id
       on conflict (customer_id) do update set customer_id = excluded.customer_id where false`,
      [customerIds],
    );
    // A new statement: under READ COMMITTED it sees what the previous lock holder committed.
    const DAY = 86_400_000;
    const rows = await em.execute<{ customer_id: string; today: string; week: string }[]>(
      `select customer_id,
         count(distinct coalesce(campaign_id::text, message_id::text)) filter (where counted_at >= ? and counted_at < ?) as today,
         count(distinct coalesce(campaign_id::text, message_id::text)) as week
       from outbound_messages
       where customer_id in (?) and purpose = 'marketing' and counted_at is not null
         and counted_at >= ? and counted_at < ?
       group by customer_id`,
      [
        windows.dayStart,
        new Date(windows.dayStart.getTime() + DAY),
        customerIds,
        windows.weekStart,
        new Date(windows.weekStart.getTime() + 7 * DAY),
      ],
    );
    for (const row of rows) counts.set(row.customer_id, { today: Number(row.today), thisWeek: Number(row.week) });
    return counts;
  }

  async setState(
    em: EntityManager,
    messageId: string,
    state: OutboundState,
    fields: { reason?: string; detail?: string; dueAt?: Date | null; attempts?: number; at: Date },
  ): Promise<void> {
    await em.execute(
      `update outbound_messages set state = ?, reason = coalesce(?, reason), detail = coalesce(?, detail),
         due_at = ?, attempts = coalesce(?, attempts), updated_at = ? where message_id = ?`,
      [
        state,
        fields.reason ?? null,
        fields.detail ?? null,
        fields.dueAt ?? null,
        fields.attempts ?? null,
        fields.at,
        messageId,
      ],
    );
  }

  /** Messages sent go on the customers' timelines (P's timeline_entries; one entry per message). */
  async addToTimelines(em: EntityManager, messages: OutboundMessage[], at: Date): Promise<void> {
    if (!messages.length) return;
    const params = messages.flatMap((m) => [
      m.customerId,
      `message:${m.messageId}`,
      m.messageId,
      at,
      `${m.purpose} ${m.channel}${m.reference ? ` (${m.reference})` : ''}`,
    ]);
    await em.execute(
      `insert into timeline_entries (entry_id, customer_id, source_key, ref_kind, ref_id, kind, occurred_at, summary)
       values ${messages.map(() => "(gen_random_uuid(), ?, ?, 'message', ?, 'message', ?, ?)").join(', ')}
       on conflict (source_key) do nothing`,
      params,
    );
  }

  /**
   * PIPL erasure: the customer's addresses and texts go; messages still waiting (held, queued) are
   * not sent; the ledger rows stay for the counts and the caps. Consent and opt-out flags stay too
   * (an opt-out must outlive the erasure), without the address.
   */
  async eraseCustomer(em: EntityManager, customerId: string, at: Date): Promise<void> {
    await em.execute(
      `update outbound_messages set state = 'skipped_by_opt_out', reason = 'customer-erased', due_at = null
       where customer_id = ? and state in ('held', 'queued')`,
      [customerId],
    );
    await em.execute(
      `update outbound_messages set address = '', text = '', subject = '', updated_at = ? where customer_id = ?`,
      [at, customerId],
    );
    await em.execute("update channel_consents set address = '' where customer_id = ?", [customerId]);
  }

  /** Queued email due now, locked for this transaction (other replicas skip them). */
  async claimQueuedEmail(
    em: EntityManager,
    now: Date,
    limit: number,
  ): Promise<(OutboundMessage & { attempts: number })[]> {
    const rows = await em.execute<MessageRow[]>(
      `select * from outbound_messages where state = 'queued' and due_at <= ?
       order by due_at limit ? for update skip locked`,
      [now, limit],
    );
    return rows.map((row) => ({ ...toMessage(row), attempts: row.attempts }));
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type {
  ContactChannelName,
  ContactChannelRecord,
  CustomerNoteRecord,
  CustomerProfileRecord,
} from '../domain/customer-profile.js';
import type { LifecycleStage } from '../domain/lifecycle-stage.rule.js';
import type { TierName } from '../domain/tier.rule.js';

interface ProfileRow {
  customer_id: string;
  display_name: string;
  phone: string;
  email: string;
  group_name: string;
  tags: string[];
  lifecycle_stage: LifecycleStage;
  tier: TierName;
  paid_orders: number;
  total_spend_fen: string | number;
  currency: string;
  last_purchase_at: Date | null;
  first_seen_at: Date;
  last_contact_at: Date | null;
  points_balance: string | number;
  version: number;
}

const toRecord = (row: ProfileRow): CustomerProfileRecord => ({
  customerId: row.customer_id,
  displayName: row.display_name,
  phone: row.phone,
  email: row.email,
  groupName: row.group_name,
  tags: row.tags,
  lifecycleStage: row.lifecycle_stage,
  tier: row.tier,
  paidOrders: row.paid_orders,
  totalSpendFen: Number(row.total_spend_fen),
  currency: row.currency,
  lastPurchaseAt: row.last_purchase_at ? new Date(row.last_purchase_at) : null,
  firstSeenAt: new Date(row.first_seen_at),
  lastContactAt: row.last_contact_at ? new Date(row.last_contact_at) : null,
  pointsBalance: Number(row.points_balance),
  version: row.version,
});

/** customer_profiles and what hangs off them (contact channels, notes). */
@Injectable()
export class ProfileStore {
  /** Creates the profile the first time a service mentions the customer; later facts only fill gaps. */
  async ensure(em: EntityManager, customerId: string, seenAt: Date, displayName = ''): Promise<void> {
    await em.execute(
      `insert into customer_profiles (customer_id, display_name, first_seen_at) values (?, ?, ?)
       on conflict (customer_id) do update set
         first_seen_at = least(customer_profiles.first_seen_at, excluded.first_seen_at),
         display_name = case when excluded.display_name <> '' and customer_profiles.erased_at is null
                             then excluded.display_name else customer_profiles.display_name end`,
      [customerId, displayName, seenAt],
    );
  }

  /** Locks the profile row for this transaction, so figures and the points balance move one at a time. */
  async lock(em: EntityManager, customerId: string): Promise<CustomerProfileRecord | undefined> {
    const rows = await em.execute<ProfileRow[]>('select * from customer_profiles where customer_id = ? for update', [
      customerId,
    ]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async find(em: EntityManager, customerId: string): Promise<CustomerProfileRecord | undefined> {
    const rows = await em.execute<ProfileRow[]>('select * from customer_profiles where customer_id = ?', [customerId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Writes the recomputed figures; bumps the version only when something changed. */
  async saveFigures(em: EntityManager, before: CustomerProfileRecord, after: CustomerProfileRecord): Promise<number> {
    const changed =
      before.paidOrders !== after.paidOrders ||
      before.totalSpendFen !== after.totalSpendFen ||
      before.lastPurchaseAt?.getTime() !== after.lastPurchaseAt?.getTime() ||
      before.lifecycleStage !== after.lifecycleStage ||
      before.tier !== after.tier ||
      before.pointsBalance !== after.pointsBalance ||
      before.lastContactAt?.getTime() !== after.lastContactAt?.getTime();
    if (!changed) return before.version;
    await em.execute(
      `update customer_profiles set paid_orders = ?, total_spend_fen = ?, currency = ?, last_purchase_at = ?,
         lifecycle_stage = ?, tier = ?, points_balance = ?, last_contact_at = ?, version = version + 1, updated_at = now()
       where customer_id = ?`,
      [
        after.paidOrders,
        after.totalSpendFen,
        after.currency,
        after.lastPurchaseAt,
        after.lifecycleStage,
        after.tier,
        after.pointsBalance,
        after.lastContactAt,
        after.customerId,
      ],
    );
    return before.version + 1;
  }

  async setPointsBalance(em: EntityManager, customerId: string, balance: number): Promise<void> {
    await em.execute(
      'update customer_profiles set points_balance = ?, version = version + 1, updated_at = now() where customer_id = ?',
      [balance, customerId],
    );
  }

  /** A key customer keeps a due time for the periodic revisit; anyone else has none. */
  async markKeyCustomer(em: EntityManager, customerId: string, isKey: boolean, firstDueAt: Date): Promise<void> {
    await em.execute(
      `update customer_profiles set key_revisit_due_at =
         case when ? and erased_at is null then coalesce(key_revisit_due_at, ?) else null end
       where customer_id = ?`,
      [isKey, firstDueAt, customerId],
    );
  }

  async setKeyRevisitDue(em: EntityManager, customerId: string, dueAt: Date | null): Promise<void> {
    await em.execute('update customer_profiles set key_revisit_due_at = ? where customer_id = ?', [dueAt, customerId]);
  }

  async touchContact(em: EntityManager, customerId: string, at: Date): Promise<void> {
    await em.execute(
      `update customer_profiles set last_contact_at = greatest(coalesce(last_contact_at, ?), ?) where customer_id = ?`,
      [at, at, customerId],
    );
  }

  /** The phone the customer gave last (by the fact's time): also kept as a contact channel. */
  async notePhone(em: EntityManager, customerId: string, phone: string, at: Date): Promise<void> {
    if (!phone) return;
    await this.addChannel(em, customerId, 'phone', phone, at);
    await em.execute(
      `update customer_profiles p set phone = c.address from (
         select address from customer_contact_channels where customer_id = ? and channel = 'phone'
         order by last_seen_at desc, address limit 1) c
       where p.customer_id = ? and p.erased_at is null`,
      [customerId, customerId],
    );
  }

  async addChannel(
    em: EntityManager,
    customerId: string,
    channel: ContactChannelName,
    address: string,
    at: Date,
  ): Promise<void> {
    if (!address) return;
    await em.execute(
      `insert into customer_contact_channels (customer_id, channel, address, first_seen_at, last_seen_at)
       select ?, ?, ?, ?, ? where not exists (select 1 from customer_profiles where customer_id = ? and erased_at is not null)
       on conflict (customer_id, channel, address) do update set
         first_seen_at = least(customer_contact_channels.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(customer_contact_channels.last_seen_at, excluded.last_seen_at)`,
      [customerId, channel, address, at, at, customerId],
    );
  }

  async channels(em: EntityManager, customerId: string): Promise<ContactChannelRecord[]> {
    const rows = await em.execute<{ channel: ContactChannelName; address: string; last_seen_at: Date }[]>(
      `select channel, address, last_seen_at from customer_contact_channels where customer_id = ?
       order by last_seen_at desc, channel, address`,
      [customerId],
    );
    return rows.map((r) => ({ channel: r.channel, address: r.address, lastSeenAt: new Date(r.last_seen_at) }));
  }

  async updateByHand(
    em: EntityManager,
    customerId: string,
    changes: { tags?: string[]; groupName?: string; email?: string },
  ): Promise<void> {
    await em.execute(
      // Tags travel as a JSON array: an array parameter would be spread into a list.
      `update customer_profiles set
         tags = case when ?::jsonb is null then tags else array(select jsonb_array_elements_text(?::jsonb)) end,
         group_name = coalesce(?, group_name), email = coalesce(?, email), version = version + 1, updated_at = now()
       where customer_id = ?`,
      [
        changes.tags ? JSON.stringify(changes.tags) : null,
        changes.tags ? JSON.stringify(changes.tags) : null,
        changes.groupName ?? null,
        changes.email ?? null,
        customerId,
      ],
    );
  }

  async addNote(em: EntityManager, customerId: string, note: Omit<CustomerNoteRecord, 'noteId'>) {
    const noteId = randomUUID();
    await em.execute(
      `insert into customer_notes (note_id, customer_id, body, author_id, author_name, created_at)
       values (?, ?, ?, ?, ?, ?)`,
      [noteId, customerId, note.body, note.authorId, note.authorName, note.createdAt],
    );
    return { noteId, ...note };
  }

  async notes(em: EntityManager, customerId: string): Promise<CustomerNoteRecord[]> {
    const rows = await em.execute<
      { note_id: string; body: string; author_id: string; author_name: string; created_at: Date }[]
    >(
      `select note_id, body, author_id, author_name, created_at from customer_notes where customer_id = ?
       order by created_at desc limit 50`,
      [customerId],
    );
    return rows.map((r) => ({
      noteId: r.note_id,
      body: r.body,
      authorId: r.author_id,
      authorName: r.author_name,
      createdAt: new Date(r.created_at),
    }));
  }

  /** PIPL: names, phones, emails, channels and what agents wrote go; figures and facts stay. */
  async erase(em: EntityManager, customerId: string, at: Date): Promise<void> {
    // Also when care has not heard of the customer yet: facts arriving later must not bring the name back.
    await em.execute(
      `insert into customer_profiles (customer_id, first_seen_at, erased_at) values (?, ?, ?)
       on conflict (customer_id) do update set display_name = '', phone = '', email = '',
         erased_at = excluded.erased_at, version = customer_profiles.version + 1`,
      [customerId, at, at],
    );
    await em.execute('delete from customer_contact_channels where customer_id = ?', [customerId]);
    await em.execute("update customer_notes set body = '[erased]' where customer_id = ?", [customerId]);
  }
}

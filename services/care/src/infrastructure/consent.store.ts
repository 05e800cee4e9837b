import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ChannelConsent } from '../domain/channel-consent.js';
import type { MessageChannel } from '../domain/message-channel.js';

/** A customer's consent on one channel, as stored. */
export interface StoredConsent extends ChannelConsent {
  channel: MessageChannel;
  updatedAt: Date;
}

interface ConsentRow {
  customer_id: string;
  channel: MessageChannel;
  address: string;
  marketing_consent: boolean;
  opted_out_at: Date | null;
  updated_at: Date;
}

const toConsent = (row: ConsentRow): StoredConsent => ({
  channel: row.channel,
  address: row.address,
  marketingConsent: row.marketing_consent,
  optedOut: row.opted_out_at !== null,
  updatedAt: new Date(row.updated_at),
});

/** Consent and opt-out per customer and channel (channel_consents). */
@Injectable()
export class ConsentStore {
  /** Consent granted or withdrawn; a new grant after an opt-out lifts the opt-out (the customer asked again). */
  async record(
    em: EntityManager,
    customerId: string,
    channel: MessageChannel,
    address: string,
    marketingConsent: boolean,
    at: Date,
  ): Promise<StoredConsent> {
    const [row] = await em.execute<ConsentRow[]>(
      `insert into channel_consents (customer_id, channel, address, marketing_consent, opted_out_at, updated_at)
       values (?, ?, ?, ?, null, ?)
       on conflict (customer_id, channel) do update set
         address = case when excluded.address = '' then channel_consents.address else excluded.address end,
         marketing_consent = excluded.marketing_consent,
         opted_out_at = case when excluded.marketing_consent then null else channel_consents.opted_out_at end,
         updated_at = excluded.updated_at
       returning *`,
      [customerId, channel, address, marketingConsent, at],
    );
    return toConsent(row as ConsentRow);
  }

  /** Opt-out of the channel, at once: the row is what every later decision reads. */
  async optOut(em: EntityManager, customerId: string, channel: MessageChannel, at: Date): Promise<StoredConsent> {
    const [row] = await em.execute<ConsentRow[]>(
      `insert into channel_consents (customer_id, channel, marketing_consent, opted_out_at, updated_at)
       values (?, ?, false, ?, ?)
       on conflict (customer_id, channel) do update set
         marketing_consent = false,
         opted_out_at = coalesce(channel_consents.opted_out_at, excluded.opted_out_at),
         updated_at = excluded.updated_at
       returning *`,
      [customerId, channel, at, at],
    );
    return toConsent(row as ConsentRow);
  }

  async of(em: EntityManager, customerId: string): Promise<StoredConsent[]> {
    const rows = await em.execute<ConsentRow[]>(
      'select * from channel_consents where customer_id = ? order by channel',
      [customerId],
    );
    return rows.map(toConsent);
  }

  /** The stored consents of a batch of customers: customer → channel → consent. */
  async ofCustomers(
    em: EntityManager,
    customerIds: string[],
  ): Promise<Map<string, Map<MessageChannel, StoredConsent>>> {
    const byCustomer = new Map<string, Map<MessageChannel, StoredConsent>>();
    if (!customerIds.length) return byCustomer;
    const rows = await em.execute<ConsentRow[]>('select * from channel_consents where customer_id in (?)', [
      customerIds,
    ]);
    for (const row of rows) {
      const channels = byCustomer.get(row.customer_id) ?? new Map<MessageChannel, StoredConsent>();
      byCustomer.set(row.customer_id, channels);
      channels.set(row.channel, toConsent(row));
    }
    return byCustomer;
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { MessageChannel } from '../domain/message-channel.js';
import { needsPurchases, type SegmentCandidate } from '../domain/segment.rule.js';
import type { SegmentRules } from '../domain/segment-rules.js';

export interface Segment {
  segmentId: string;
  name: string;
  rules: SegmentRules;
  definedBy: string;
  definedAt: Date;
}

/** A candidate of a segment page, with the addresses the profile knows for each channel. */
export interface SegmentMember extends SegmentCandidate {
  profileAddress: Record<MessageChannel, string>;
}

interface StoredRules extends Omit<SegmentRules, 'lastPurchaseBefore' | 'lastPurchaseAfter'> {
  lastPurchaseBefore?: string;
  lastPurchaseAfter?: string;
}

const toRules = (stored: StoredRules): SegmentRules => ({
  ...stored,
  lastPurchaseBefore: stored.lastPurchaseBefore ? new Date(stored.lastPurchaseBefore) : undefined,
  lastPurchaseAfter: stored.lastPurchaseAfter ? new Date(stored.lastPurchaseAfter) : undefined,
});

/**
 * The segment's rules as a condition on customer_profiles (alias p), so PostgreSQL narrows each
 * page and counts a preview without shipping rows. The domain rule (matchesSegment) is applied to
 * every page again: it decides.
 */
function segmentCondition(rules: SegmentRules): { sql: string; params: unknown[] } {
  const parts = ['p.erased_at is null'];
  const params: unknown[] = [];
  // Arrays are bound as lists: "in (?)" expands to one placeholder per value.
  const add = (sql: string, value: unknown) => {
    parts.push(sql);
    params.push(value);
  };
  if (rules.lifecycleStages.length) add('p.lifecycle_stage in (?)', rules.lifecycleStages);
  if (rules.tiers.length) add('p.tier in (?)', rules.tiers);
  if (rules.tags.length) add('p.tags @> array[?]::text[]', rules.tags);
  if (rules.lastPurchaseBefore) add('p.last_purchase_at < ?', rules.lastPurchaseBefore);
  if (rules.lastPurchaseAfter) add('p.last_purchase_at > ?', rules.lastPurchaseAfter);
  if (rules.boughtSkus.length) {
    add(
      'exists (select 1 from customer_order_items i where i.customer_id = p.customer_id and i.sku in (?))',
      rules.boughtSkus,
    );
  }
  if (rules.boughtCategories.length) {
    add(
      "exists (select 1 from customer_order_items i where i.customer_id = p.customer_id and split_part(i.sku, '-', 1) in (?))",
      rules.boughtCategories,
    );
  }
  if (rules.interests.length) {
    add(
      'exists (select 1 from customer_interests t where t.customer_id = p.customer_id and t.topic in (?))',
      rules.interests,
    );
  }
  return { sql: parts.join(' and '), params };
}

/** The customer's most recently seen marketplace IM account. */
const IM_ADDRESS = `(select c.address from customer_contact_channels c
  where c.customer_id = p.customer_id and c.channel = 'marketplace_im'
  order by c.last_seen_at desc limit 1)`;

interface MemberRow {
  customer_id: string;
  lifecycle_stage: string;
  tier: string;
  tags: string[];
  last_purchase_at: Date | null;
  phone: string;
  email: string;
  im: string | null;
  skus: string[] | null;
  interests: string[] | null;
}

/** Segments, and the customers they hold read from the profiles (customer_profiles and friends). */
@Injectable()
export class SegmentStore {
  async add(em: EntityManager, segment: Segment): Promise<void> {
    await em.execute(
      'insert into segments (segment_id, name, rules, defined_by, defined_at) values (?, ?, ?::jsonb, ?, ?)',
      [segment.segmentId, segment.name, JSON.stringify(segment.rules), segment.definedBy, segment.definedAt],
    );
  }

  async get(em: EntityManager, segmentId: string): Promise<Segment | undefined> {
    const [row] = await em.execute<
      { segment_id: string; name: string; rules: StoredRules; defined_by: string; defined_at: Date }[]
    >('select * from segments where segment_id = ?', [segmentId]);
    if (!row) return undefined;
    return {
      segmentId: row.segment_id,
      name: row.name,
      rules: toRules(row.rules),
      definedBy: row.defined_by,
      definedAt: new Date(row.defined_at),
    };
  }

  async count(em: EntityManager, rules: SegmentRules): Promise<number> {
    const condition = segmentCondition(rules);
    const [row] = await em.execute<{ n: string }[]>(
      `select count(*) as n from customer_profiles p where ${condition.sql}`,
      condition.params,
    );
    return Number(row?.n ?? 0);
  }

  /**
   * One keyset page of the segment: customers after `afterCustomerId`, in customer id order. Only
   * this page is ever in memory, however large the segment.
   */
  async page(
    em: EntityManager,
    rules: SegmentRules,
    afterCustomerId: string,
    limit: number,
    withIm = true,
  ): Promise<SegmentMember[]> {
    const condition = segmentCondition(rules);
    const purchases = needsPurchases(rules)
      ? 'array(select i.sku from customer_order_items i where i.customer_id = p.customer_id)'
      : 'null';
    const interests = rules.interests.length
      ? 'array(select t.topic from customer_interests t where t.customer_id = p.customer_id)'
      : 'null';
    const rows = await em.execute<MemberRow[]>(
      `select p.customer_id, p.lifecycle_stage, p.tier, p.tags, p.last_purchase_at, p.phone, p.email,
         ${withIm ? IM_ADDRESS : 'null'} as im,
         ${purchases} as skus, ${interests} as interests
       from customer_profiles p
       where p.customer_id > ? and ${condition.sql}
       order by p.customer_id
       limit ?`,
      [afterCustomerId, ...condition.params, limit],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      lifecycleStage: row.lifecycle_stage,
      tier: row.tier,
      tags: row.tags,
      lastPurchaseAt: row.last_purchase_at ? new Date(row.last_purchase_at) : undefined,
      boughtSkus: row.skus ?? [],
      interests: row.interests ?? [],
      profileAddress: { sms: row.phone, email: row.email, im: row.im ?? '' },
    }));
  }

  /** The addresses the profile knows for one customer (transactional messages). */
  async profileAddresses(em: EntityManager, customerId: string): Promise<Record<MessageChannel, string> | undefined> {
    const [row] = await em.execute<{ phone: string; email: string; im: string | null }[]>(
      `select p.phone, p.email, ${IM_ADDRESS} as im
       from customer_profiles p where p.customer_id = ? and p.erased_at is null`,
      [customerId],
    );
    return row ? { sms: row.phone, email: row.email, im: row.im ?? '' } : undefined;
  }
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetCursor } from '../application/keyset-page.js';

export interface PointsMovementRow {
  entryId: string;
  delta: number;
  reason: string;
  sourceKey: string;
  balanceAfter: number;
  occurredAt: Date;
}

export interface CouponRow {
  couponId: string;
  programme: string;
  issuedAt: Date;
}

/** The points ledger (every movement a row, once per source fact) and the coupons issued. */
@Injectable()
export class LoyaltyStore {
  /** The movements already made for these source keys. */
  async movementsFor(em: EntityManager, sourceKeys: string[]): Promise<Map<string, number>> {
    if (sourceKeys.length === 0) return new Map();
    const rows = await em.execute<{ source_key: string; delta: string }[]>(
      'select source_key, delta from points_ledger where source_key in (?)',
      [sourceKeys],
    );
    return new Map(rows.map((row) => [row.source_key, Number(row.delta)]));
  }

  async findMovement(em: EntityManager, sourceKey: string): Promise<PointsMovementRow | undefined> {
    const rows = await em.execute<LedgerRow[]>('select * from points_ledger where source_key = ?', [sourceKey]);
    return rows[0] ? toMovement(rows[0]) : undefined;
  }

  /** Appends a movement; the caller holds the profile lock, so balances follow one another. */
  async move(
    em: EntityManager,
    customerId: string,
    movement: { delta: number; reason: string; sourceKey: string; balanceAfter: number; at: Date },
  ): Promise<PointsMovementRow> {
    const entryId = randomUUID();
    await em.execute(
      `insert into points_ledger (entry_id, customer_id, delta, reason, source_key, balance_after, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
      [entryId, customerId, movement.delta, movement.reason, movement.sourceKey, movement.balanceAfter, movement.at],
    );
    return {
      entryId,
      delta: movement.delta,
      reason: movement.reason,
      sourceKey: movement.sourceKey,
      balanceAfter: movement.balanceAfter,
      occurredAt: movement.at,
    };
  }

  async page(em: EntityManager, customerId: string, size: number, after?: KeysetCursor) {
    const rows = await em.execute<LedgerRow[]>(
      `select * from points_ledger where customer_id = ? ${after ? 'and (occurred_at, entry_id) < (?, ?)' : ''}
       order by occurred_at desc, entry_id desc limit ?`,
      after ? [customerId, after.at, after.id, size] : [customerId, size],
    );
    return rows.map(toMovement);
  }

  /** Issues the programme's coupon once per source; returns it only when it is new. */
  async issueCoupon(
    em: EntityManager,
    customerId: string,
    programme: string,
    sourceKey: string,
    at: Date,
  ): Promise<CouponRow | undefined> {
    const couponId = randomUUID();
    const rows = await em.execute<{ coupon_id: string }[]>(
      `insert into coupons (coupon_id, customer_id, programme, source_key, issued_at) values (?, ?, ?, ?, ?)
       on conflict (source_key) do nothing returning coupon_id`,
      [couponId, customerId, programme, sourceKey, at],
    );
    return rows.length > 0 ? { couponId, programme, issuedAt: at } : undefined;
  }

  async coupons(em: EntityManager, customerId: string): Promise<CouponRow[]> {
    const rows = await em.execute<{ coupon_id: string; programme: string; issued_at: Date }[]>(
      'select coupon_id, programme, issued_at from coupons where customer_id = ? order by issued_at desc',
      [customerId],
    );
    return rows.map((r) => ({ couponId: r.coupon_id, programme: r.programme, issuedAt: new Date(r.issued_at) }));
  }
}

interface LedgerRow {
  entry_id: string;
  delta: string;
  reason: string;
  source_key: string;
  balance_after: string;
  occurred_at: Date;
}

const toMovement = (row: LedgerRow): PointsMovementRow => ({
  entryId: row.entry_id,
  delta: Number(row.delta),
  reason: row.reason,
  sourceKey: row.source_key,
  balanceAfter: Number(row.balance_after),
  occurredAt: new Date(row.occurred_at),
});

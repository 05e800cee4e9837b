import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetCursor } from '../application/keyset-page.js';
import type { RevisitOutcomeName, RevisitRecord } from '../domain/revisit.js';
import type { RevisitReasonName } from '../domain/revisit.rule.js';

interface RevisitRow {
  revisit_id: string;
  customer_id: string;
  reason: RevisitReasonName;
  source_kind: string;
  source_id: string;
  due_at: Date;
  status: 'open' | 'done';
  outcome: RevisitOutcomeName | '';
  note: string;
  raised_kind: string;
  raised_id: string;
  completed_by: string;
  completed_at: Date | null;
  version: number;
}

const toRecord = (row: RevisitRow): RevisitRecord => ({
  revisitId: row.revisit_id,
  customerId: row.customer_id,
  reason: row.reason,
  sourceKind: row.source_kind,
  sourceId: row.source_id,
  dueAt: new Date(row.due_at),
  status: row.status,
  outcome: row.outcome,
  note: row.note,
  raisedKind: row.raised_kind,
  raisedId: row.raised_id,
  completedBy: row.completed_by,
  completedAt: row.completed_at ? new Date(row.completed_at) : null,
  version: row.version,
});

/** Revisit tasks; (source_kind, source_id) is unique, so a source schedules one revisit at most. */
@Injectable()
export class RevisitStore {
  /** Schedules the revisit unless its source already has one; returns it only when new. */
  async schedule(
    em: EntityManager,
    revisit: {
      customerId: string;
      reason: RevisitReasonName;
      sourceKind: string;
      sourceId: string;
      dueAt: Date;
      note?: string;
    },
    now: Date,
  ): Promise<RevisitRecord | undefined> {
    const rows = await em.execute<RevisitRow[]>(
      `insert into revisits (revisit_id, customer_id, reason, source_kind, source_id, due_at, note, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (source_kind, source_id) do nothing returning *`,
      [
        randomUUID(),
        revisit.customerId,
        revisit.reason,
        revisit.sourceKind,
        revisit.sourceId,
        revisit.dueAt,
        revisit.note ?? '',
        now,
      ],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async findForUpdate(em: EntityManager, revisitId: string): Promise<RevisitRecord | undefined> {
    const rows = await em.execute<RevisitRow[]>('select * from revisits where revisit_id = ? for update', [revisitId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async complete(em: EntityManager, revisit: RevisitRecord): Promise<void> {
    await em.execute(
      `update revisits set status = ?, outcome = ?, note = ?, raised_kind = ?, raised_id = ?, completed_by = ?,
         completed_at = ?, version = version + 1 where revisit_id = ?`,
      [
        revisit.status,
        revisit.outcome,
        revisit.note,
        revisit.raisedKind,
        revisit.raisedId,
        revisit.completedBy,
        revisit.completedAt,
        revisit.revisitId,
      ],
    );
  }

  /** Open revisits due by a time (or all open ones), earliest first, keyset paged. */
  async openDue(
    em: EntityManager,
    filter: { dueBy?: Date; customerId?: string },
    size: number,
    after?: KeysetCursor,
  ): Promise<RevisitRecord[]> {
    const conditions = ["status = 'open'"];
    const params: unknown[] = [];
    if (filter.dueBy) {
      conditions.push('due_at <= ?');
      params.push(filter.dueBy);
    }
    if (filter.customerId) {
      conditions.push('customer_id = ?');
      params.push(filter.customerId);
    }
    if (after) {
      conditions.push('(due_at, revisit_id) > (?, ?)');
      params.push(after.at, after.id);
    }
    params.push(size);
    const rows = await em.execute<RevisitRow[]>(
      `select * from revisits where ${conditions.join(' and ')} order by due_at, revisit_id limit ?`,
      params,
    );
    return rows.map(toRecord);
  }

  async ofCustomer(em: EntityManager, customerId: string): Promise<RevisitRecord[]> {
    const rows = await em.execute<RevisitRow[]>('select * from revisits where customer_id = ? order by due_at', [
      customerId,
    ]);
    return rows.map(toRecord);
  }

  async eraseNotes(em: EntityManager, customerId: string): Promise<void> {
    await em.execute("update revisits set note = '' where customer_id = ?", [customerId]);
  }
}

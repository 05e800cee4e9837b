import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetCursor } from '../application/keyset-page.js';

export type TimelineKind = 'contact' | 'order' | 'case' | 'complaint' | 'survey' | 'message' | 'revisit' | 'loyalty';

export interface TimelineFact {
  /** Names the fact (subject:id…): the same fact is entered once, however often it is delivered. */
  sourceKey: string;
  /** Null while the fact's customer is not known yet (e.g. a stage before the placement). */
  customerId: string | null;
  refKind: string;
  refId: string;
  kind: TimelineKind;
  occurredAt: Date;
  summary: string;
}

export interface TimelineRow {
  entryId: string;
  kind: TimelineKind;
  refKind: string;
  refId: string;
  occurredAt: Date;
  summary: string;
}

/** The customer's timeline: facts from every service, newest first, read by keyset. */
@Injectable()
export class TimelineStore {
  async add(em: EntityManager, fact: TimelineFact): Promise<void> {
    await em.execute(
      `insert into timeline_entries (entry_id, customer_id, source_key, ref_kind, ref_id, kind, occurred_at, summary)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (source_key) do update set customer_id = coalesce(timeline_entries.customer_id, excluded.customer_id)`,
      [
        randomUUID(),
        fact.customerId,
        fact.sourceKey,
        fact.refKind,
        fact.refId,
        fact.kind,
        fact.occurredAt,
        fact.summary,
      ],
    );
  }

  /** Gives the customer the facts that arrived before we knew whose they were. */
  async link(em: EntityManager, refKind: string, refId: string, customerId: string): Promise<void> {
    await em.execute(
      'update timeline_entries set customer_id = ? where ref_kind = ? and ref_id = ? and customer_id is null',
      [customerId, refKind, refId],
    );
  }

  async page(em: EntityManager, customerId: string, size: number, after?: KeysetCursor): Promise<TimelineRow[]> {
    const rows = await em.execute<
      { entry_id: string; kind: TimelineKind; ref_kind: string; ref_id: string; occurred_at: Date; summary: string }[]
    >(
      `select entry_id, kind, ref_kind, ref_id, occurred_at, summary from timeline_entries
       where customer_id = ? ${after ? 'and (occurred_at, entry_id) < (?, ?)' : ''}
       order by occurred_at desc, entry_id desc
       limit ?`,
      after ? [customerId, after.at, after.id, size] : [customerId, size],
    );
    return rows.map((row) => ({
      entryId: row.entry_id,
      kind: row.kind,
      refKind: row.ref_kind,
      refId: row.ref_id,
      occurredAt: new Date(row.occurred_at),
      summary: row.summary,
    }));
  }
}

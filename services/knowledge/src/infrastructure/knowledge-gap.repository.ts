import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { NotFound } from '@cs/errors';
import { type KeyValue, keysetFilter } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { KnowledgeGap } from '../domain/knowledge-gap.aggregate.js';

export async function loadGap(em: EntityManager, gapId: string): Promise<KnowledgeGap> {
  const gap = await em.findOne(KnowledgeGap, { id: gapId });
  if (!gap) throw new NotFound('gap', gapId);
  return gap;
}

/** Open gaps sharing at least one word with the question (GIN index), the most asked first. */
export async function openGapsSharingWords(em: EntityManager, terms: readonly string[]): Promise<KnowledgeGap[]> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select id from knowledge_gaps where status = 'GAP_STATUS_OPEN'
       and terms && array(select jsonb_array_elements_text(?::jsonb)) order by count desc, id limit 50`,
    // As JSON: the driver would spread a plain array into separate parameters.
    [JSON.stringify(terms)],
  );
  if (rows.length === 0) return [];
  const gaps = await em.find(KnowledgeGap, { id: { $in: rows.map((r) => r.id) } });
  return gaps.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

/** The most asked first, after the keyset cursor (count, id); a gap asked again meanwhile may move up. */
export function listGaps(
  em: EntityManager,
  status: GapStatus,
  after: KeyValue[] | undefined,
  limit: number,
): Promise<KnowledgeGap[]> {
  const cursor = keysetFilter(
    [
      ['count', 'desc'],
      ['id', 'asc'],
    ],
    after,
  );
  return em.find(KnowledgeGap, { status, ...cursor }, { orderBy: { count: 'desc', id: 'asc' }, limit });
}

/** Gaps holding a customer's words: as the question or among the examples. */
export async function gapsWithWordsOf(em: EntityManager, customerId: string): Promise<KnowledgeGap[]> {
  const rows = await em
    .getConnection()
    .execute<{ id: string }[]>('select id from knowledge_gaps where question_customer_id = ? or examples @> ?::jsonb', [
      customerId,
      JSON.stringify([{ customerId }]),
    ]);
  return rows.length ? em.find(KnowledgeGap, { id: { $in: rows.map((r) => r.id) } }) : [];
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { DOCUMENT_COUNT_TERM } from './article-index.js';
import { asJson, TEXT_ARRAY } from './sql-arrays.js';

/** Document frequencies change slowly and only weigh the ranking: a few seconds stale is fine. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

const cache = new Map<string, { documents: number; at: number }>();

/**
 * How many published articles hold each word (and the count of published articles under
 * DOCUMENT_COUNT_TERM), from search_terms, cached in the process for TTL_MS: one round trip less
 * on most searches.
 */
export async function documentFrequencies(em: EntityManager, terms: string[]): Promise<Map<string, number>> {
  const now = Date.now();
  const wanted = [...new Set([...terms, DOCUMENT_COUNT_TERM])];
  const missing = wanted.filter((t) => {
    const hit = cache.get(t);
    return !hit || now - hit.at > TTL_MS;
  });
  if (missing.length) {
    const rows = await em.execute<{ term: string; documents: number }[]>(
      `select term, documents from search_terms where term = any(${TEXT_ARRAY})`,
      [asJson(missing)],
    );
    const found = new Map(rows.map((r) => [r.term, Number(r.documents)]));
    if (cache.size + missing.length > MAX_ENTRIES) cache.clear();
    for (const t of missing) cache.set(t, { documents: found.get(t) ?? 0, at: now });
  }
  return new Map(wanted.map((t) => [t, cache.get(t)!.documents]));
}

import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Article } from '../domain/article.aggregate.js';
import { SEGMENTER_FINGERPRINT } from '../domain/segmenter.js';
import { DOCUMENT_COUNT_TERM, searchRows } from './article-index.js';

export interface RebuildReport {
  /** False when the index was already built by the current segmentation (onlyIfStale). */
  rebuilt: boolean;
  articles: number;
  rows: number;
  /** Segmenting the articles in Node. */
  segmentMs: number;
  /** Writing the rows (GIN maintenance included) and counting the words. */
  writeMs: number;
  totalMs: number;
}

const BATCH = 500;

/**
 * Rebuilds the search index from the articles, in one transaction (searches keep reading the old
 * index until it commits): after a change of the shop vocabulary, or to measure the build.
 */
export async function rebuildSearchIndex(
  orm: MikroORM,
  { onlyIfStale = false }: { onlyIfStale?: boolean } = {},
): Promise<RebuildReport> {
  const started = performance.now();
  let rebuilt = true;
  let segmentMs = 0;
  let articles = 0;
  let rows = 0;
  await orm.em.fork().transactional(async (em) => {
    // Replicas starting together: one rebuilds, the others wait and then find the index current.
    await em.execute('lock table search_index_state in exclusive mode');
    if (onlyIfStale && (await indexedFingerprint(em)) === SEGMENTER_FINGERPRINT) {
      rebuilt = false;
      return;
    }
    await em.execute('truncate article_search, search_terms');
    const ginIndexes = await bulkLoadGinIndexes(em);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await em.find(Article, { id: { $gt: after } }, { orderBy: { id: 'asc' }, limit: BATCH });
      if (!batch.length) break;
      const segmenting = performance.now();
      const batchRows = batch.flatMap(searchRows);
      segmentMs += performance.now() - segmenting;
      await insertRows(em, batchRows);
      em.clear();
      articles += batch.length;
      rows += batchRows.length;
      after = batch[batch.length - 1]!.id;
    }
    await em.execute(
      `insert into search_terms (term, documents)
       select term, count(*) from article_search, unnest(tsvector_to_array(tokens)) as term
       where channel = 'published' group by term`,
    );
    await em.execute(
      `insert into search_terms (term, documents)
       select ?, count(*) from article_search where channel = 'published'`,
      [DOCUMENT_COUNT_TERM],
    );
    await endBulkLoad(em, ginIndexes);
    await em.execute(
      `insert into search_index_state (id, segmenter_fingerprint, articles, rebuilt_at) values (1, ?, ?, now())
       on conflict (id) do update set segmenter_fingerprint = excluded.segmenter_fingerprint,
         articles = excluded.articles, rebuilt_at = excluded.rebuilt_at`,
      [SEGMENTER_FINGERPRINT, articles],
    );
  });
  const totalMs = performance.now() - started;
  return { rebuilt, articles, rows, segmentMs, writeMs: totalMs - segmentMs, totalMs };
}

/**
 * The search's GIN indexes take new rows straight in (fastupdate off, migration 0003): right for
 * publishing one article, ~3× slower for 100,000. For the rebuild the rows only queue in each
 * index's pending list, and the indexes are then built afresh (REINDEX sorts: a compact index,
 * where merging the pending lists would leave it several times its size).
 */
async function bulkLoadGinIndexes(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ name: string }[]>(
    `select i.indexrelid::regclass::text as name from pg_index i
     join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
     where a.amname = 'gin' and i.indrelid in ('article_search'::regclass, 'search_terms'::regclass)`,
  );
  const names = rows.map((r) => r.name);
  for (const name of names) await em.execute(`alter index ${name} set (fastupdate = on)`);
  await em.execute("set local gin_pending_list_limit = '1GB'");
  return names;
}

async function endBulkLoad(em: EntityManager, names: string[]): Promise<void> {
  for (const name of names) await em.execute(`alter index ${name} set (fastupdate = off)`);
  await em.execute('reindex table article_search');
  await em.execute('reindex table search_terms');
}

/** The fingerprint of the segmentation that built the stored index, if any. */
export async function indexedFingerprint(em: EntityManager): Promise<string | undefined> {
  const rows = await em.execute<{ segmenter_fingerprint: string }[]>(
    'select segmenter_fingerprint from search_index_state where id = 1',
  );
  return rows[0]?.segmenter_fingerprint;
}

async function insertRows(em: EntityManager, rows: ReturnType<typeof searchRows>): Promise<void> {
  if (!rows.length) return;
  // One JSON parameter per batch: array parameters cannot be bound to `?` (see sql-arrays.ts).
  await em.execute(
    `insert into article_search
       (article_id, channel, version, kind, locale, category, skus, public, title, body, title_tokens, tokens, updated_at)
     select r.article_id, r.channel, r.version, r.kind, r.locale, r.category,
            array(select jsonb_array_elements_text(r.skus)), r.public, r.title, r.body,
            array_to_tsvector(array(select jsonb_array_elements_text(r.title_tokens))),
            array_to_tsvector(array(select jsonb_array_elements_text(r.tokens))), now()
     from jsonb_to_recordset(?::jsonb) as r(article_id uuid, channel text, version int, kind text, locale text,
       category text, skus jsonb, public boolean, title text, body text, title_tokens jsonb, tokens jsonb)`,
    [JSON.stringify(rows)],
  );
}

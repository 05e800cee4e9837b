import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArticleQuery } from '../application/article-search.js';
import { highlight } from '../domain/highlight.js';
import { queryTerms } from '../domain/segmenter.js';
import { DOCUMENT_COUNT_TERM } from './article-index.js';
import { asJson, TEXT_ARRAY } from './sql-arrays.js';

export interface ArticleSearchRow {
  articleId: string;
  title: string;
  score: number;
  highlight: string;
  kind: string;
  category: string;
  locale: string;
  version: number;
  draft: boolean;
}

/** A title match counts this many times a body match. */
const TITLE_WEIGHT = 2;
/** Below this many hits from words, titles similar to the raw text are added (misspellings). */
const TRIGRAM_THRESHOLD = 0.4;
/** How close an indexed word must be to an unknown one to replace it (pg_trgm similarity). */
const MIN_SPELLING_SIMILARITY = 0.4;
/** Words found in more than this share of articles do not select candidates on their own (too slow, no signal). */
const COMMON_SHARE = 0.2;

/**
 * Ranked search: the query's words (segmenter + synonyms) select candidate rows through the GIN
 * index; each candidate scores Σ idf(word) × (1 + TITLE_WEIGHT if in title/tags) over the words it
 * holds, idf from search_terms. If words find fewer hits than asked, titles similar to the raw
 * text (pg_trgm) fill up the list, for misspellings and words the segmenter does not know.
 */
export async function searchArticles(em: EntityManager, query: ArticleQuery): Promise<ArticleSearchRow[]> {
  const words = queryTerms(query.text);
  const terms = [...words, ...(await corrections(em, words))];
  const weights = await termWeights(em, terms);
  const filters = filterSql(query);
  const hits = terms.length ? await wordHits(em, query, terms, weights, filters) : [];
  if (hits.length < query.limit) {
    const seen = new Set(hits.map((h) => h.articleId));
    for (const hit of await similarTitles(em, query, filters, query.limit - hits.length))
      if (!seen.has(hit.articleId)) hits.push(hit);
  }
  return hits.map((h) => ({ ...h, highlight: highlight(h.body, terms.length ? terms : [query.text.toLowerCase()]) }));
}

interface RawHit extends Omit<ArticleSearchRow, 'highlight'> {
  body: string;
}

interface Filters {
  sql: string;
  params: unknown[];
}

function filterSql(query: ArticleQuery): Filters {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.publicOnly) clauses.push("s.public and s.channel = 'published'");
  else if (!query.includeDrafts) clauses.push("s.channel = 'published'");
  if (query.locale) {
    clauses.push('s.locale = ?');
    params.push(query.locale);
  }
  if (query.kinds?.length) {
    clauses.push(`s.kind = any(${TEXT_ARRAY})`);
    params.push(asJson(query.kinds));
  }
  if (query.category) {
    clauses.push('s.category = ?');
    params.push(query.category);
  }
  if (query.sku) {
    clauses.push('s.skus @> array[?::text]');
    params.push(query.sku);
  }
  return { sql: clauses.length ? clauses.join(' and ') : 'true', params };
}

/** Indexed words close to the query's unknown English words: refnd → refund. */
async function corrections(em: EntityManager, words: string[]): Promise<string[]> {
  const latin = words.filter((w) => /^[a-z]{4,}$/.test(w));
  if (!latin.length) return [];
  const known = await em.execute<{ term: string }[]>(
    `select term from search_terms where term = any(${TEXT_ARRAY}) and documents > 0`,
    [asJson(latin)],
  );
  const unknown = latin.filter((w) => !known.some((k) => k.term === w));
  const found: string[] = [];
  for (const word of unknown) {
    const rows = await em.execute<{ term: string }[]>(
      `select term from search_terms where term % ? and documents > 0 and similarity(term, ?) >= ?
       order by similarity(term, ?) desc, documents desc limit 1`,
      [word, word, MIN_SPELLING_SIMILARITY, word],
    );
    found.push(...rows.map((r) => r.term));
  }
  return found;
}

/** idf per word: ln(1 + N / (df + 1)); unknown words weigh the most. */
async function termWeights(em: EntityManager, terms: string[]): Promise<Map<string, { idf: number; common: boolean }>> {
  const rows = await em.execute<{ term: string; documents: number }[]>(
    `select term, documents from search_terms where term = any(${TEXT_ARRAY})`,
    [asJson([...terms, DOCUMENT_COUNT_TERM])],
  );
  const df = new Map(rows.map((r) => [r.term, Number(r.documents)]));
  const n = Math.max(1, df.get(DOCUMENT_COUNT_TERM) ?? 1);
  return new Map(
    terms.map((t) => {
      const documents = df.get(t) ?? 0;
      return [t, { idf: Math.log(1 + n / (documents + 1)), common: n >= 50 && documents > n * COMMON_SHARE }];
    }),
  );
}

const lexeme = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

async function wordHits(
  em: EntityManager,
  query: ArticleQuery,
  terms: string[],
  weights: Map<string, { idf: number; common: boolean }>,
  filters: Filters,
): Promise<RawHit[]> {
  const selective = terms.filter((t) => !weights.get(t)!.common);
  const selecting = selective.length ? selective : terms;
  const scoreParts = terms.map(
    () => `(case when s.tokens @@ ?::tsquery then ? * (1 + case when s.title_tokens @@ ?::tsquery then ${TITLE_WEIGHT} else 0 end) else 0 end)`,
  );
  const scoreParams = terms.flatMap((t) => [lexeme(t), weights.get(t)!.idf, lexeme(t)]);
  const rows = await em.execute<
    {
      article_id: string;
      title: string;
      body: string;
      kind: string;
      category: string;
      locale: string;
      version: number;
      channel: string;
      score: number;
    }[]
  >(
    `select s.article_id, s.title, s.body, s.kind, s.category, s.locale, s.version, s.channel,
            (${scoreParts.join(' + ')}) as score
     from article_search s
     where s.tokens @@ ?::tsquery and ${filters.sql}
     order by score desc, s.updated_at desc
     limit ?`,
    [...scoreParams, selecting.map(lexeme).join(' | '), ...filters.params, query.limit * 2],
  );
  return bestPerArticle(
    rows.map((r) => ({
      articleId: r.article_id,
      title: r.title,
      body: r.body,
      kind: r.kind,
      category: r.category,
      locale: r.locale,
      version: r.version,
      draft: r.channel === 'draft',
      score: Number(r.score),
    })),
    query.limit,
  );
}

async function similarTitles(em: EntityManager, query: ArticleQuery, filters: Filters, limit: number): Promise<RawHit[]> {
  const text = query.text.trim().toLowerCase().slice(0, 64);
  if (!text) return [];
  // The <% operator (GIN-indexed) filters at the session's threshold: set it for this transaction only.
  const rows = await em.transactional(async (tx) => {
    await tx.execute("select set_config('pg_trgm.word_similarity_threshold', ?, true)", [String(TRIGRAM_THRESHOLD)]);
    return tx.execute<
      {
        article_id: string;
        title: string;
        body: string;
        kind: string;
        category: string;
        locale: string;
        version: number;
        channel: string;
        score: number;
      }[]
    >(
      `select s.article_id, s.title, s.body, s.kind, s.category, s.locale, s.version, s.channel,
              word_similarity(?, lower(s.title)) as score
       from article_search s
       where ? <% lower(s.title) and ${filters.sql}
       order by score desc
       limit ?`,
      [text, text, ...filters.params, limit * 2],
    );
  });
  return bestPerArticle(
    rows.map((r) => ({
      articleId: r.article_id,
      title: r.title,
      body: r.body,
      kind: r.kind,
      category: r.category,
      locale: r.locale,
      version: r.version,
      draft: r.channel === 'draft',
      // Below any word hit: a similar title is a guess.
      score: Number(r.score) * 0.1,
    })),
    limit,
  );
}

/** An editor searching drafts sees each article once, as its better-scoring version. */
function bestPerArticle(hits: RawHit[], limit: number): RawHit[] {
  const best = new Map<string, RawHit>();
  for (const hit of hits) if (!best.has(hit.articleId)) best.set(hit.articleId, hit);
  return [...best.values()].slice(0, limit);
}

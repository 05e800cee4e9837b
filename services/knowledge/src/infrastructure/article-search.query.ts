import type { EntityManager } from '@mikro-orm/postgresql';
import type { ArticleQuery } from '../application/article-search.js';
import { highlight } from '../domain/highlight.js';
import { queryWords } from '../domain/segmenter.js';
import { DOCUMENT_COUNT_TERM } from './article-index.js';
import { asJson, TEXT_ARRAY } from './sql-arrays.js';
import { documentFrequencies } from './term-frequencies.js';

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
/** When words find nothing, titles at least this similar to the raw text are returned (misspellings). */
const TRIGRAM_THRESHOLD = 0.4;
/** How close an indexed word must be to an unknown one to replace it (pg_trgm similarity). */
const MIN_SPELLING_SIMILARITY = 0.4;
/** At most this many words of a question are searched (the rarest). */
const MAX_TERMS = 8;
/** At most this many candidates are scored, the best tiers' first (see candidateTiers). */
const CANDIDATES = 60;

/**
 * Ranked search: the query's words (segmenter + synonyms) select candidate rows through the GIN
 * indexes tier by tier (see candidateTiers); each candidate scores Σ idf(word) × (1 + TITLE_WEIGHT if in title/tags) over the words it
 * holds, idf from search_terms. If words find nothing, titles similar to the raw text (pg_trgm)
 * are returned instead, for misspellings and words the segmenter does not know.
 */
export async function searchArticles(em: EntityManager, query: ArticleQuery): Promise<ArticleSearchRow[]> {
  const groups = queryWords(query.text);
  const corrected = await corrections(
    em,
    groups.map((g) => g[0]!),
  );
  const words = groups.map((g) => (corrected.has(g[0]!) ? [...g, corrected.get(g[0]!)!] : g));
  const terms = [...new Set(words.flat())];
  const weights = await termWeights(em, terms);
  const filters = filterSql(query);
  const hits = terms.length ? await wordHits(em, query, words, weights, filters) : [];
  // Only when the words found nothing: a trigram scan over every title costs more than a word search.
  if (!hits.length) hits.push(...(await similarTitles(em, query, filters, query.limit)));
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

/** Corrections found recently (or that none exists): the same misspelling is typed again and again. */
const correctionCache = new Map<string, { term: string | undefined; at: number }>();
const CORRECTION_TTL_MS = 60_000;

/** Indexed words close to the query's unknown English words: refnd → refund. */
async function corrections(em: EntityManager, words: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const latin = words.filter((w) => /^[a-z]{4,}$/.test(w));
  if (!latin.length) return found;
  const df = await documentFrequencies(em, latin);
  const unknown = latin.filter((w) => !df.get(w));
  for (const word of unknown) {
    const cached = correctionCache.get(word);
    if (cached && Date.now() - cached.at < CORRECTION_TTL_MS) {
      if (cached.term) found.set(word, cached.term);
      continue;
    }
    const rows = await em.execute<{ term: string }[]>(
      `select term from search_terms where term % ? and documents > 0 and similarity(term, ?) >= ?
       order by similarity(term, ?) desc, documents desc limit 1`,
      [word, word, MIN_SPELLING_SIMILARITY, word],
    );
    if (correctionCache.size > 10_000) correctionCache.clear();
    correctionCache.set(word, { term: rows[0]?.term, at: Date.now() });
    if (rows[0]) found.set(word, rows[0].term);
  }
  return found;
}

/** idf per word: ln(1 + N / (df + 1)); unknown words weigh the most. */
async function termWeights(
  em: EntityManager,
  terms: string[],
): Promise<Map<string, { idf: number; documents: number }>> {
  const df = await documentFrequencies(em, terms);
  const n = Math.max(1, df.get(DOCUMENT_COUNT_TERM) ?? 1);
  return new Map(
    terms.map((t) => {
      const documents = df.get(t) ?? 0;
      return [t, { idf: Math.log(1 + n / (documents + 1)), documents }];
    }),
  );
}

const lexeme = (term: string) => `'${term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

type Tier = { condition: string; params: string[] };
const tier = (condition: string, ...params: string[]): Tier => ({ condition, params });

/**
 * Candidate tiers, best first, each GIN-indexed and disjoint from the ones before: titles with every
 * word; articles with every word; then with the most common word dropped (and without it:
 * `a & b & !c`), and so on down to the rarest word alone. They run as one UNION ALL under one
 * LIMIT: PostgreSQL's Append runs a tier only while the LIMIT still wants rows, so the relaxations
 * cost nothing once the best tiers have filled it, and the whole cascade is one round trip. Only
 * candidates are scored, so a word found in a third of 100,000 articles costs a capped scan, not a
 * third of the table. (A tier for "the rarest word in the title, every word in the article" cost
 * more than it found: either a bitmap of 21,000 articles or 13,000 titles checked one by one.)
 */
function candidateTiers(
  byRarity: string[][],
  either: (group: string[]) => string,
  and: (groups: string[][]) => string,
): Tier[] {
  const all = and(byRarity);
  const tiers = [
    tier('s.title_tokens @@ ?::tsquery', all),
    // Then articles holding every group, titles or not (the scoring ranks title words higher).
    tier("s.tokens @@ ?::tsquery and not ((s.title_tokens || ''::tsvector) @@ ?::tsquery)", all, all),
  ];
  for (let keep = byRarity.length - 1; keep >= 1; keep--)
    tiers.push(tier('s.tokens @@ ?::tsquery', `${and(byRarity.slice(0, keep))} & !${either(byRarity[keep]!)}`));
  return tiers;
}

async function wordHits(
  em: EntityManager,
  query: ArticleQuery,
  words: string[][],
  weights: Map<string, { idf: number; documents: number }>,
  filters: Filters,
): Promise<RawHit[]> {
  // A word and its synonyms are one group: any of them will do. Rarest group first; a long
  // question keeps its MAX_TERMS most telling groups. A group no published article holds (出, 退
  // alone) goes last, not first: every tier holding it is empty, so it is the first dropped.
  const documents = (group: string[]) => group.reduce((sum, t) => sum + weights.get(t)!.documents, 0);
  const rarity = (group: string[]) => documents(group) || Number.MAX_SAFE_INTEGER;
  const byRarity = [...words].sort((a, b) => rarity(a) - rarity(b)).slice(0, MAX_TERMS);
  const terms = [...new Set(byRarity.flat())];
  const either = (group: string[]) => (group.length > 1 ? `(${group.map(lexeme).join(' | ')})` : lexeme(group[0]!));
  const and = (groups: string[][]) => groups.map(either).join(' & ');
  // A group inside another indexed word of the question (退货, 运费, 货运 inside 退货运费) is held by
  // every article holding that word: AND-ing it selects nothing more, yet the planner, taking the
  // words as independent, expects a few rows and builds a 12,000-row bitmap. Scored all the same.
  const implied = (group: string[]) =>
    byRarity.some(
      (other) =>
        other !== group &&
        documents(other) > 0 &&
        group.some((t) => other.some((o) => o.length > t.length && o.includes(t))),
    );
  const tiers = candidateTiers(
    byRarity.filter((g) => !implied(g)),
    either,
    and,
  );
  const select = (t: Tier) =>
    `(select s.article_id, s.channel from article_search s where ${t.condition} and ${filters.sql} limit ?)`;
  const selectParams = (t: Tier) => [...t.params, ...filters.params, CANDIDATES];
  // Articles holding any word, only when the tiers found fewer than asked (a one-time filter:
  // otherwise never scanned).
  const anyWord = byRarity.length > 1 ? tier('s.tokens @@ ?::tsquery', terms.map(lexeme).join(' | ')) : undefined;
  const scoreParts = terms.map(
    () =>
      `(case when s.words @@ ?::tsquery then ? * (1 + case when s.title_words @@ ?::tsquery then ${TITLE_WEIGHT} else 0 end) else 0 end)`,
  );
  const scoreParams = terms.flatMap((t) => [lexeme(t), weights.get(t)!.idf, lexeme(t)]);
  // One round trip: the candidates, then each candidate's words decompressed once (`|| ''` makes a
  // plain copy) and scored, not fetched again per word.
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
    `with tiered as materialized (
       select article_id, channel from (${tiers.map(select).join(' union all ')}) tiers limit ?
     ),
     candidates as (
       select article_id, channel from tiered
       ${anyWord ? `union select article_id, channel from (select s.article_id, s.channel from article_search s where (select count(*) from tiered) < ? and ${anyWord.condition} and ${filters.sql} limit ?) any_word` : ''}
     )
     select s.article_id, s.title, s.body, s.kind, s.category, s.locale, s.version, s.channel,
            (${scoreParts.join(' + ')}) as score
     from (
       select s.*, s.tokens || ''::tsvector as words, s.title_tokens || ''::tsvector as title_words
       from candidates c join article_search s on s.article_id = c.article_id and s.channel = c.channel
       offset 0
     ) s
     order by score desc, s.updated_at desc
     limit ?`,
    [
      ...tiers.flatMap(selectParams),
      CANDIDATES,
      ...(anyWord ? [query.limit, ...anyWord.params, ...filters.params, CANDIDATES] : []),
      ...scoreParams,
      query.limit * 2,
    ],
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

async function similarTitles(
  em: EntityManager,
  query: ArticleQuery,
  filters: Filters,
  limit: number,
): Promise<RawHit[]> {
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

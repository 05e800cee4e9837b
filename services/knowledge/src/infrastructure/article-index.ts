import type { EntityManager } from '@mikro-orm/postgresql';
import type { Article, ArticleVersionRecord } from '../domain/article.aggregate.js';
import { segment } from '../domain/segmenter.js';
import { asJson, INT_ARRAY, TEXT_ARRAY } from './sql-arrays.js';

/** The search_terms row counting the published documents (a term never holds a space). */
export const DOCUMENT_COUNT_TERM = ' documents';

/** The words a version is found by: title and tags rank higher than the body. */
export function versionTokens(v: ArticleVersionRecord): { titleTokens: string[]; tokens: string[] } {
  const titleTokens = unique([...segment(v.content.title), ...v.content.tags.flatMap(segment)]);
  const tokens = unique([
    ...titleTokens,
    ...segment(v.content.category),
    ...segment(v.content.body),
    ...v.content.skus.map((s) => s.toLowerCase()),
  ]);
  return { titleTokens, tokens };
}

/** One row of the search index, as inserted (arrays as arrays). */
export interface SearchRow {
  article_id: string;
  channel: 'published' | 'draft';
  version: number;
  kind: string;
  locale: string;
  category: string;
  skus: string[];
  public: boolean;
  title: string;
  body: string;
  title_tokens: string[];
  tokens: string[];
}

/** The article's rows of the search index: its live version and its open draft, none once archived. */
export function searchRows(article: Article): SearchRow[] {
  if (article.archived) return [];
  const rows: SearchRow[] = [];
  const add = (channel: SearchRow['channel'], v: ArticleVersionRecord | undefined) => {
    if (!v) return;
    const { titleTokens, tokens } = versionTokens(v);
    rows.push({
      article_id: article.id,
      channel,
      version: v.version,
      kind: article.kind,
      locale: article.locale,
      category: v.content.category,
      skus: v.content.skus,
      public: v.content.public,
      title: v.content.title,
      body: v.content.body,
      title_tokens: titleTokens,
      tokens,
    });
  };
  add('published', article.published());
  add('draft', article.openDraft());
  return rows;
}

/**
 * Brings the article's rows of the search index in line with the article, in the caller's
 * transaction: a published article is searchable as soon as the transaction commits.
 */
export async function indexArticle(em: EntityManager, article: Article): Promise<void> {
  const rows = searchRows(article);
  const before = await publishedTerms(em, article.id);
  for (const channel of ['published', 'draft'] as const)
    await writeRow(
      em,
      article.id,
      channel,
      rows.find((r) => r.channel === channel),
    );
  const live = rows.find((r) => r.channel === 'published');
  await countTerms(em, before, new Set(live?.tokens ?? []));
}

async function writeRow(
  em: EntityManager,
  articleId: string,
  channel: SearchRow['channel'],
  row: SearchRow | undefined,
): Promise<void> {
  if (!row) {
    await em.execute('delete from article_search where article_id = ? and channel = ?', [articleId, channel]);
    return;
  }
  await em.execute(
    `insert into article_search
       (article_id, channel, version, kind, locale, category, skus, public, title, body, title_tokens, tokens, updated_at)
     values (?, ?, ?, ?, ?, ?, ${TEXT_ARRAY}, ?, ?, ?, array_to_tsvector(${TEXT_ARRAY}), array_to_tsvector(${TEXT_ARRAY}), now())
     on conflict (article_id, channel) do update set
       version = excluded.version, kind = excluded.kind, locale = excluded.locale, category = excluded.category,
       skus = excluded.skus, public = excluded.public, title = excluded.title, body = excluded.body,
       title_tokens = excluded.title_tokens, tokens = excluded.tokens, updated_at = excluded.updated_at`,
    [
      row.article_id,
      channel,
      row.version,
      row.kind,
      row.locale,
      row.category,
      asJson(row.skus),
      row.public,
      row.title,
      row.body,
      asJson(row.title_tokens),
      asJson(row.tokens),
    ],
  );
}

async function publishedTerms(em: EntityManager, articleId: string): Promise<Set<string>> {
  const rows = await em.execute<{ terms: string[] }[]>(
    "select tsvector_to_array(tokens) as terms from article_search where article_id = ? and channel = 'published'",
    [articleId],
  );
  return new Set(rows[0]?.terms ?? []);
}

/** Keeps each word's document frequency (and the document count) for ranking. */
async function countTerms(em: EntityManager, before: Set<string>, after: Set<string>): Promise<void> {
  const added = [...after].filter((t) => !before.has(t));
  const removed = [...before].filter((t) => !after.has(t));
  const documents = (after.size ? 1 : 0) - (before.size ? 1 : 0);
  const deltas = [
    ...added.map((t) => [t, 1] as const),
    ...removed.map((t) => [t, -1] as const),
    ...(documents ? [[DOCUMENT_COUNT_TERM, documents] as const] : []),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // a fixed order: concurrent publishers never deadlock
  if (!deltas.length) return;
  await em.execute(
    `insert into search_terms (term, documents)
     select term, delta from unnest(${TEXT_ARRAY}, ${INT_ARRAY}) as d(term, delta)
     on conflict (term) do update set documents = greatest(0, search_terms.documents + excluded.documents)`,
    [asJson(deltas.map(([t]) => t)), asJson(deltas.map(([, d]) => d))],
  );
}

function unique(words: string[]): string[] {
  return [...new Set(words.filter(Boolean))];
}

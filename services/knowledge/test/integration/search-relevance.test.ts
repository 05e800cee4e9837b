import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEVANCE_QUESTIONS } from '../relevance/questions.js';
import { SHOP_ARTICLES } from '../relevance/shop-articles.js';
import { type ArticlesHarness, frontLineAgent, reviewer, searchRequest, startArticles } from './articles-fixture.js';

/** Below these the search is worse than the shop accepts (issue 13 aims at recall@5 ≥ 0.9). */
const MIN_RECALL_AT_5 = 0.9;
const MIN_MRR = 0.85;

let h: ArticlesHarness;
const idOfKey = new Map<string, string>();
const keyOfId = new Map<string, string>();

beforeAll(async () => {
  h = await startArticles();
  const asReviewer = h.as(reviewer);
  for (const a of SHOP_ARTICLES) {
    const { article } = await h.articles.createArticle({
      kind: a.kind,
      locale: a.locale,
      content: { title: a.title, body: a.body, category: a.category, tags: a.tags, skus: a.skus ?? [], public: true },
      translationOf: '',
      launch: undefined,
      idempotencyKey: randomUUID(),
    });
    const articleId = article!.articleId;
    await h.articles.submitForReview({ articleId, version: 1, idempotencyKey: randomUUID() });
    await asReviewer.articles.approveVersion({
      articleId,
      version: 1,
      publishAt: undefined,
      note: '',
      idempotencyKey: randomUUID(),
    });
    idOfKey.set(a.key, articleId);
    keyOfId.set(articleId, a.key);
  }
}, 120_000);
afterAll(() => h?.close());

describe('relevance set: realistic customer questions find the articles that answer them', () => {
  it('has at least 60 questions, each answered by articles of the corpus', () => {
    expect(RELEVANCE_QUESTIONS.length).toBeGreaterThanOrEqual(60);
    for (const q of RELEVANCE_QUESTIONS) for (const key of q.answers) expect(idOfKey.has(key), key).toBe(true);
  });

  it(`reaches recall@5 ≥ ${MIN_RECALL_AT_5} and MRR ≥ ${MIN_MRR}`, async () => {
    const agent = h.as(frontLineAgent);
    let found = 0;
    let reciprocalRanks = 0;
    const misses: string[] = [];
    for (const q of RELEVANCE_QUESTIONS) {
      const { hits } = await agent.search.searchArticles(searchRequest(q.text, { locale: q.locale ?? '', limit: 5 }));
      const keys = hits.map((hit) => keyOfId.get(hit.articleId) ?? '?');
      const rank = keys.findIndex((k) => q.answers.includes(k)) + 1;
      if (rank > 0) {
        found++;
        reciprocalRanks += 1 / rank;
      }
      if (rank !== 1)
        misses.push(`${q.text} → ${rank || 'miss'} (want ${q.answers.join('/')}; got ${keys.join(', ')})`);
    }
    const recallAt5 = found / RELEVANCE_QUESTIONS.length;
    const mrr = reciprocalRanks / RELEVANCE_QUESTIONS.length;
    console.log(
      `relevance: ${RELEVANCE_QUESTIONS.length} questions, recall@5 ${recallAt5.toFixed(3)}, MRR ${mrr.toFixed(3)}\n  not first:\n  ${misses.join('\n  ')}`,
    );
    expect(recallAt5).toBeGreaterThanOrEqual(MIN_RECALL_AT_5);
    expect(mrr).toBeGreaterThanOrEqual(MIN_MRR);
  });
});

import { randomUUID } from 'node:crypto';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { GapStatus, SuggestionsServiceService } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { createGrpcClient, richErrorDetails } from '@cs/grpc';
import { bearerFor, expectStableAcrossInsert } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArticlesHarness, editor, startArticles } from './articles-fixture.js';

// Both lists page by keyset: a row that sorts ahead of the cursor, inserted between page 1 and page 2,
// neither repeats nor hides a row.
let h: ArticlesHarness;
let suggestions: ReturnType<typeof createGrpcClient<typeof SuggestionsServiceService>>;
beforeAll(async () => {
  h = await startArticles();
  suggestions = createGrpcClient(SuggestionsServiceService, h.sut.service.grpcAddress, { bearer: bearerFor(editor) });
});
afterAll(async () => {
  suggestions?.close();
  await h?.close();
});

const listArticles = (pageToken: string) =>
  h.articles.listArticles({
    kind: ArticleKind.ARTICLE_KIND_UNSPECIFIED,
    category: '',
    locale: '',
    sku: '',
    inReviewOnly: false,
    page: { pageSize: 2, pageToken },
  });

describe('keyset paging of articles and gaps', () => {
  it('ListArticles (newest first): an article written between two pages', async () => {
    for (let i = 0; i < 3; i++) await h.draft();
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await listArticles(pageToken);
        return { ids: r.articles.map((a) => a.articleId), next: r.page!.nextPageToken };
      },
      () => h.draft(),
    );
  });

  it('ListGaps (most asked first): a gap asked more often than page 1, found between two pages', async () => {
    const insert = (count: number) =>
      h.sut.service.orm.em.fork().execute(
        `insert into knowledge_gaps (id, question, terms, count, examples, status, first_asked_at, last_asked_at)
         values (?, ?, '{}', ?, '[]', 'GAP_STATUS_OPEN', now(), now())`,
        [randomUUID(), `问题 ${count}`, count],
      );
    for (const count of [30, 20, 10]) await insert(count);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await suggestions.listGaps({ status: GapStatus.GAP_STATUS_OPEN, page: { pageSize: 2, pageToken } });
        return { ids: r.gaps.map((g) => g.gapId), next: r.page!.nextPageToken };
      },
      () => insert(50),
    );
  });

  it('an old offset token is INVALID_ARGUMENT naming page.page_token', async () => {
    const pageToken = Buffer.from('o:2').toString('base64url');
    for (const call of [
      () => listArticles(pageToken),
      () => suggestions.listGaps({ status: GapStatus.GAP_STATUS_OPEN, page: { pageSize: 2, pageToken } }),
    ]) {
      const error = await call().catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['page.page_token']);
    }
  });
});

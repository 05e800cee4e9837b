import { randomUUID } from 'node:crypto';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArticlesHarness,
  content,
  createRequest,
  frontLineAgent,
  reviewer,
  searchRequest,
  startArticles,
  supervisor,
} from './articles-fixture.js';

let h: ArticlesHarness;
let articleId: string;
let revision: number;
beforeAll(async () => {
  h = await startArticles();
  const article = await h.draft();
  articleId = article.articleId;
  revision = article.revision;
});
afterAll(() => h?.close());

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

/** The article of the suite is still version 1, a draft, untouched. */
async function nothingWritten(): Promise<void> {
  const { article } = await h.articles.getArticle({ articleId });
  expect(article?.revision).toBe(revision);
  expect(article?.latestVersion).toBe(1);
  expect(article?.versions).toHaveLength(1);
}

async function articleCount(): Promise<number> {
  const rows = await h.sut.service.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from articles');
  return rows[0]!.n;
}

const key = () => randomUUID();
const noVersion = { articleId: '', version: 0, idempotencyKey: '' };

describe('CreateArticle names each bad field and creates nothing', () => {
  it('without kind, locale, content or idempotency key', async () => {
    const before = await articleCount();
    const fields = await rejectedFields(
      h.articles.createArticle({
        ...createRequest(),
        kind: ArticleKind.ARTICLE_KIND_UNSPECIFIED,
        locale: 'fr',
        content: undefined,
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual(['kind', 'locale', 'content', 'idempotency_key']);
    expect(await articleCount()).toBe(before);
  });

  it('with empty or oversized content fields', async () => {
    const fields = await rejectedFields(
      h.articles.createArticle(
        createRequest({
          content: content({ title: '', body: 'x'.repeat(20_001), category: '', tags: [' '], skus: ['bad sku!'] }),
        }),
      ),
    );
    expect(fields).toEqual(['content.title', 'content.category', 'content.body', 'content.tags', 'content.skus']);
  });

  it('product facts without a SKU, a launch with a bad day, a launch on an FAQ, a bad translation id', async () => {
    expect(
      await rejectedFields(
        h.articles.createArticle(
          createRequest({ kind: ArticleKind.ARTICLE_KIND_PRODUCT_FACTS, content: content({ skus: [] }) }),
        ),
      ),
    ).toEqual(['content.skus']);
    expect(
      await rejectedFields(
        h.articles.createArticle(
          createRequest({
            kind: ArticleKind.ARTICLE_KIND_PRODUCT_FACTS,
            content: content({ skus: ['SKU-1'] }),
            launch: { onSaleDate: '2026-02-30', requiredReaders: [{ agentId: '', name: '' }] },
          }),
        ),
      ),
    ).toEqual(['launch.on_sale_date', 'launch.required_readers[0].agent_id']);
    expect(
      await rejectedFields(
        h.articles.createArticle(
          createRequest({ launch: { onSaleDate: '2026-12-20', requiredReaders: [] }, translationOf: 'not-a-uuid' }),
        ),
      ),
    ).toEqual(['launch', 'translation_of']);
  });
});

describe('EditArticle names each bad field and makes no version', () => {
  it('without article id, content or key, with a negative revision', async () => {
    const fields = await rejectedFields(
      h.articles.editArticle({
        articleId: '',
        content: undefined,
        launch: undefined,
        expectedRevision: -1,
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual(['article_id', 'content', 'expected_revision', 'idempotency_key']);
    await nothingWritten();
  });

  it('with an empty title', async () => {
    const fields = await rejectedFields(
      h.articles.editArticle({
        articleId,
        content: content({ title: '' }),
        launch: undefined,
        expectedRevision: 0,
        idempotencyKey: key(),
      }),
    );
    expect(fields).toEqual(['content.title']);
    await nothingWritten();
  });
});

describe('the version steps name each bad field and change nothing', () => {
  it('SubmitForReview', async () => {
    expect(await rejectedFields(h.articles.submitForReview(noVersion))).toEqual([
      'article_id',
      'version',
      'idempotency_key',
    ]);
    await nothingWritten();
  });

  it('ApproveVersion', async () => {
    const fields = await rejectedFields(
      h.as(reviewer).articles.approveVersion({
        ...noVersion,
        publishAt: { seconds: -5, nanos: 0 },
        note: 'x'.repeat(501),
      }),
    );
    expect(fields).toEqual(['article_id', 'version', 'publish_at', 'note', 'idempotency_key']);
    await nothingWritten();
  });

  it('RejectVersion needs a reason', async () => {
    const fields = await rejectedFields(h.as(reviewer).articles.rejectVersion({ ...noVersion, reason: '' }));
    expect(fields).toEqual(['article_id', 'version', 'reason', 'idempotency_key']);
    await nothingWritten();
  });

  it('ArchiveArticle', async () => {
    expect(await rejectedFields(h.articles.archiveArticle({ articleId: 'nope', idempotencyKey: '' }))).toEqual([
      'article_id',
      'idempotency_key',
    ]);
    await nothingWritten();
  });

  it('AcknowledgeArticle', async () => {
    expect(await rejectedFields(h.as(frontLineAgent).articles.acknowledgeArticle(noVersion))).toEqual([
      'article_id',
      'version',
      'idempotency_key',
    ]);
    const rows = await h.sut.service.orm.em
      .fork()
      .execute<{ n: number }[]>('select count(*)::int as n from article_acknowledgements');
    expect(rows[0]!.n).toBe(0);
  });
});

describe('queries name each bad field', () => {
  it('GetArticle', async () => {
    expect(await rejectedFields(h.articles.getArticle({ articleId: '' }))).toEqual(['article_id']);
  });

  it('ListArticles', async () => {
    const fields = await rejectedFields(
      h.articles.listArticles({
        kind: ArticleKind.ARTICLE_KIND_UNSPECIFIED,
        category: '',
        locale: 'xx',
        sku: 'S'.repeat(65),
        inReviewOnly: false,
        page: { pageSize: 500, pageToken: '' },
      }),
    );
    expect(fields).toEqual(['locale', 'sku', 'page.page_size']);
  });

  it('DiffVersions', async () => {
    expect(await rejectedFields(h.articles.diffVersions({ articleId: '', fromVersion: 0, toVersion: -1 }))).toEqual([
      'article_id',
      'from_version',
      'to_version',
    ]);
  });

  it('GetReadinessReport', async () => {
    expect(
      await rejectedFields(h.as(supervisor).articles.getReadinessReport({ fromDate: '20.12.2026', sku: '' })),
    ).toEqual(['from_date']);
  });

  it('SearchArticles', async () => {
    const fields = await rejectedFields(
      h.search.searchArticles(
        searchRequest('', { locale: 'de', kinds: [ArticleKind.ARTICLE_KIND_UNSPECIFIED], limit: 51 }),
      ),
    );
    expect(fields).toEqual(['text', 'locale', 'kinds[0]', 'limit']);
    expect(await rejectedFields(h.search.searchArticles(searchRequest('退'.repeat(201))))).toEqual(['text']);
  });
});

describe('malformed HTTP requests get 400 invalid_argument naming the field', () => {
  it('a body that is not JSON', async () => {
    const reply = await h.http('/cs.knowledge.v1.ArticlesService/CreateArticle', '{"kind": ');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('an unknown enum value, in a command and in a search', async () => {
    const reply = await h.http('/cs.knowledge.v1.ArticlesService/CreateArticle', { kind: 'ARTICLE_KIND_POEM' });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
    const search = await h.http('/cs.knowledge.v1.SearchService/SearchArticles', {
      text: '退货',
      kinds: ['ARTICLE_KIND_RUMOUR'],
    });
    expect(search.status).toBe(400);
  });

  it('missing fields, listed with their proto names', async () => {
    const reply = await h.http('/cs.knowledge.v1.ArticlesService/SubmitForReview', { article_id: articleId });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['version', 'idempotency_key']);
    await nothingWritten();
  });

  it('self-service search without a question, or with a bad limit', async () => {
    const empty = await h.get('/self-service/articles');
    expect(empty.status).toBe(400);
    expect(empty.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['text']);
    const limit = await h.get('/self-service/articles?q=退货&limit=abc');
    expect(limit.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['limit']);
  });

  it('self-service get of something that is not an article id', async () => {
    const reply = await h.get('/self-service/articles/not-an-id');
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['article_id']);
  });
});

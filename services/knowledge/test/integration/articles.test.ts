import { randomUUID } from 'node:crypto';
import { ArticleKind, VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { DiffOp } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../../src/infrastructure/search-index.rebuild.js';
import {
  type ArticlesHarness,
  content,
  createRequest,
  editorReviewer,
  frontLineAgent,
  otherEditor,
  reviewer,
  searchRequest,
  startArticles,
  supervisor,
} from './articles-fixture.js';

let h: ArticlesHarness;
beforeAll(async () => {
  h = await startArticles({ KNOWLEDGE_PUBLISH_POLL_MS: '100' });
});
afterAll(() => h?.close());

const key = () => randomUUID();
const grpcError = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e as { code: number; details: string; metadata: never },
  );

describe('the version flow through gRPC', () => {
  it('drafts, submits, approves and publishes; the event names the reviewer', async () => {
    const created = await h.draft({ content: content({ title: `运费险怎么理赔 ${randomUUID().slice(0, 4)}` }) });
    expect(created.versions[0]).toMatchObject({ version: 1, status: VersionStatus.VERSION_STATUS_DRAFT });
    expect(created.versions[0]?.author?.agentId).toBe('editor-a');
    await h.articles.submitForReview({ articleId: created.articleId, version: 1, idempotencyKey: key() });
    const { article } = await h.as(reviewer).articles.approveVersion({
      articleId: created.articleId,
      version: 1,
      publishAt: undefined,
      note: '通过',
      idempotencyKey: key(),
    });
    expect(article?.publishedVersion).toBe(1);
    const event = await waitFor('the article.published event', () =>
      h.events
        .ofSubject('cs.knowledge.article.published')
        .find((e) => (e.data as { articleId: string }).articleId === created.articleId),
    );
    expect(event.data).toMatchObject({ version: 1, reviewer: { agentId: 'reviewer-a' } });
  });

  it('refuses the author approving their own edit (FAILED_PRECONDITION naming the rule)', async () => {
    const created = await h.as(editorReviewer).articles.createArticle(createRequest());
    const articleId = created.article!.articleId;
    await h.as(editorReviewer).articles.submitForReview({ articleId, version: 1, idempotencyKey: key() });
    const error = await grpcError(
      h
        .as(editorReviewer)
        .articles.approveVersion({ articleId, version: 1, publishAt: undefined, note: '', idempotencyKey: key() }),
    );
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(error.metadata).reason).toBe('knowledge.articles.reviewer-is-not-author');
  });

  it('keeps the published version live while the next is drafted; readers never see the draft', async () => {
    const live = await h.published({
      content: content({ title: '怎么修改收货地址', body: '未发货的订单可以在订单详情里修改地址。' }),
    });
    await h.as(otherEditor).articles.editArticle({
      articleId: live.articleId,
      content: content({
        title: '怎么修改收货地址',
        body: '未发货的订单可以在订单详情里修改地址。\n已发货的订单请联系快递改派。',
      }),
      launch: undefined,
      expectedRevision: live.revision,
      idempotencyKey: key(),
    });
    const { article: asAgent } = await h.as(frontLineAgent).articles.getArticle({ articleId: live.articleId });
    expect(asAgent?.versions.map((v) => v.version)).toEqual([1]);
    expect(asAgent?.latestVersion).toBe(1);
    const { article: asEditor } = await h.articles.getArticle({ articleId: live.articleId });
    expect(asEditor?.versions.map((v) => [v.version, v.status])).toEqual([
      [1, VersionStatus.VERSION_STATUS_PUBLISHED],
      [2, VersionStatus.VERSION_STATUS_DRAFT],
    ]);
    const { body } = await h.articles.diffVersions({ articleId: live.articleId, fromVersion: 1, toVersion: 2 });
    expect(body.filter((l) => l.op === DiffOp.DIFF_OP_ADDED).map((l) => l.text)).toEqual([
      '已发货的订单请联系快递改派。',
    ]);
  });

  it('refuses an edit from a stale revision (ABORTED)', async () => {
    const live = await h.draft();
    await h.articles.editArticle({
      articleId: live.articleId,
      content: content({ title: 'v2' }),
      launch: undefined,
      expectedRevision: 0,
      idempotencyKey: key(),
    });
    const error = await grpcError(
      h.articles.editArticle({
        articleId: live.articleId,
        content: content({ title: 'v3' }),
        launch: undefined,
        expectedRevision: live.revision,
        idempotencyKey: key(),
      }),
    );
    expect(error.code).toBe(status.ABORTED);
  });

  it('returns the first outcome for a retried command and makes no second version', async () => {
    const created = await h.draft();
    const request = {
      articleId: created.articleId,
      content: content({ title: '重试' }),
      launch: undefined,
      expectedRevision: 0,
      idempotencyKey: key(),
    };
    const first = await h.articles.editArticle(request);
    const again = await h.articles.editArticle(request);
    expect(again.article?.latestVersion).toBe(2);
    expect(again).toEqual(first);
  });

  it('publishes a scheduled version when its time comes, and search finds it then', async () => {
    const word = `定时${randomUUID().slice(0, 6)}`;
    const created = await h.draft({ content: content({ title: `新年活动 ${word}`, body: `${word} 活动说明` }) });
    await h.articles.submitForReview({ articleId: created.articleId, version: 1, idempotencyKey: key() });
    const publishAt = new Date(Date.now() + 1500);
    const { article } = await h.as(reviewer).articles.approveVersion({
      articleId: created.articleId,
      version: 1,
      publishAt: { seconds: Math.floor(publishAt.getTime() / 1000), nanos: (publishAt.getTime() % 1000) * 1e6 },
      note: '',
      idempotencyKey: key(),
    });
    expect(article?.versions[0]?.status).toBe(VersionStatus.VERSION_STATUS_SCHEDULED);
    expect((await h.as(frontLineAgent).search.searchArticles(searchRequest(word))).hits).toEqual([]);
    await waitFor('the scheduled version to be searchable', async () => {
      const { hits } = await h.as(frontLineAgent).search.searchArticles(searchRequest(word));
      return hits.length === 1;
    });
  });

  it('archives: gone from search and from readers, refused further edits', async () => {
    const word = `归档${randomUUID().slice(0, 6)}`;
    const live = await h.published({ content: content({ title: word }) });
    expect((await h.search.searchArticles(searchRequest(word))).hits).toHaveLength(1);
    await h.as(reviewer).articles.archiveArticle({ articleId: live.articleId, idempotencyKey: key() });
    expect((await h.search.searchArticles(searchRequest(word))).hits).toEqual([]);
    expect((await grpcError(h.as(frontLineAgent).articles.getArticle({ articleId: live.articleId }))).code).toBe(
      status.NOT_FOUND,
    );
    const refused = await grpcError(
      h.articles.editArticle({
        articleId: live.articleId,
        content: content(),
        launch: undefined,
        expectedRevision: 0,
        idempotencyKey: key(),
      }),
    );
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
  });

  it('links a translation to its source, in another locale only', async () => {
    const source = await h.published();
    const { article: english } = await h.articles.createArticle(
      createRequest({
        locale: 'en',
        translationOf: source.articleId,
        content: content({ title: 'Who pays return shipping', body: 'Buyers pay for 7-day returns.' }),
      }),
    );
    expect(english?.translationOf).toBe(source.articleId);
    const { article } = await h.articles.getArticle({ articleId: source.articleId });
    expect(article?.translations).toEqual([{ articleId: english!.articleId, locale: 'en' }]);
    const sameLocale = await grpcError(h.articles.createArticle(createRequest({ translationOf: source.articleId })));
    expect(richErrorDetails(sameLocale.metadata).reason).toBe('knowledge.articles.translation-in-another-locale');
  });

  it('lists articles in review for editors only', async () => {
    const created = await h.draft({ content: content({ category: `审核中${randomUUID().slice(0, 4)}` }) });
    await h.articles.submitForReview({ articleId: created.articleId, version: 1, idempotencyKey: key() });
    const category = created.versions[0]!.content!.category;
    const { articles } = await h.as(reviewer).articles.listArticles({
      kind: ArticleKind.ARTICLE_KIND_UNSPECIFIED,
      category,
      locale: '',
      sku: '',
      inReviewOnly: true,
      page: undefined,
    });
    expect(articles.map((a) => a.articleId)).toEqual([created.articleId]);
    const asAgent = await h.as(frontLineAgent).articles.listArticles({
      kind: ArticleKind.ARTICLE_KIND_UNSPECIFIED,
      category,
      locale: '',
      sku: '',
      inReviewOnly: false,
      page: undefined,
    });
    expect(asAgent.articles).toEqual([]);
  });
});

describe('new products are learned before they go on sale', () => {
  it('reports who has not read the article before the on-sale date, until they acknowledge', async () => {
    const sku = `SKU-${randomUUID().slice(0, 6)}`;
    const readers = [
      { agentId: 'agent-1', name: '张三' },
      { agentId: 'agent-2', name: '李四' },
    ];
    const product = await h.published({
      kind: ArticleKind.ARTICLE_KIND_PRODUCT_FACTS,
      content: content({ title: 'X9 降噪耳机功能与注意事项', skus: [sku] }),
      launch: { onSaleDate: '2099-01-15', requiredReaders: readers },
    });
    await h
      .as(frontLineAgent)
      .articles.acknowledgeArticle({ articleId: product.articleId, version: 1, idempotencyKey: key() });
    const report = await h.as(supervisor).articles.getReadinessReport({ fromDate: '2099-01-01', sku });
    expect(report.products).toHaveLength(1);
    expect(report.products[0]).toMatchObject({
      articleId: product.articleId,
      onSaleDate: '2099-01-15',
      published: true,
      acknowledged: [{ agentId: 'agent-1', name: '张三' }],
      notYetRead: [{ agentId: 'agent-2', name: '李四' }],
    });
  });

  it('refuses acknowledging an article that is not a new product', async () => {
    const faq = await h.published();
    const error = await grpcError(
      h.as(frontLineAgent).articles.acknowledgeArticle({ articleId: faq.articleId, version: 1, idempotencyKey: key() }),
    );
    expect(error.code).toBe(status.FAILED_PRECONDITION);
  });
});

describe('search and self-service', () => {
  it('finds a published article by a colloquial question, with a highlight, over gRPC and HTTP', async () => {
    const marker = `X${randomUUID().slice(0, 5)}`;
    const live = await h.published({
      content: content({
        title: `发票抬头怎么填写 ${marker}`,
        body: '开具电子发票时，个人填写姓名，公司填写公司名称和税号。',
        category: '发票',
      }),
    });
    const { hits } = await h
      .as(frontLineAgent)
      .search.searchArticles(searchRequest('发票抬头写啥', { category: '发票' }));
    expect(hits[0]).toMatchObject({ articleId: live.articleId, draft: false, version: 1 });
    expect(hits[0]?.highlight).toContain('【');
    const reply = await h.http(
      '/cs.knowledge.v1.SearchService/SearchArticles',
      { text: '发票抬头', category: '发票' },
      frontLineAgent,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.hits.map((hit: { articleId: string }) => hit.articleId)).toContain(live.articleId);
  });

  it('searches drafts for editors only', async () => {
    const word = `草稿${randomUUID().slice(0, 6)}`;
    const draft = await h.draft({ content: content({ title: word }) });
    const { hits } = await h.search.searchArticles(searchRequest(word, { includeDrafts: true }));
    expect(hits).toMatchObject([{ articleId: draft.articleId, draft: true }]);
    expect((await h.search.searchArticles(searchRequest(word))).hits).toEqual([]);
    const refused = await grpcError(
      h.as(frontLineAgent).search.searchArticles(searchRequest(word, { includeDrafts: true })),
    );
    expect(refused.code).toBe(status.PERMISSION_DENIED);
  });

  it('serves public articles to anonymous self-service, and nothing that is internal', async () => {
    const word = `自助${randomUUID().slice(0, 6)}`;
    const open = await h.published({ content: content({ title: `${word} 七天无理由退货`, public: true }) });
    await h.published({ content: content({ title: `${word} 内部处理口径`, public: false }) });
    const found = await h.get(`/self-service/articles?q=${encodeURIComponent(word)}`);
    expect(found.status).toBe(200);
    expect(found.body.hits.map((hit: { articleId: string }) => hit.articleId)).toEqual([open.articleId]);
    const one = await h.get(`/self-service/articles/${open.articleId}`);
    expect(one).toMatchObject({ status: 200, body: { articleId: open.articleId, version: 1 } });
    expect(one.body.title).toContain('七天无理由');
  });

  it('answers 404 to self-service for an internal article', async () => {
    const internal = await h.published({ content: content({ public: false }) });
    expect((await h.get(`/self-service/articles/${internal.articleId}`)).status).toBe(404);
  });
});

describe('rebuilding the search index (after a change of the shop vocabulary)', () => {
  it('rebuilds when the index was built by another segmentation, and then finds the same articles', async () => {
    const word = `重建${randomUUID().slice(0, 6)}`;
    const live = await h.published({ content: content({ title: `${word} 运费险理赔` }) });
    const orm = h.sut.service.orm;
    await orm.em.fork().execute("update search_index_state set segmenter_fingerprint = 'an older vocabulary'");
    const report = await rebuildSearchIndex(orm, { onlyIfStale: true });
    expect(report.rebuilt).toBe(true);
    expect(report.articles).toBeGreaterThan(0);
    expect((await rebuildSearchIndex(orm, { onlyIfStale: true })).rebuilt).toBe(false);
    const { hits } = await h.search.searchArticles(searchRequest(word));
    expect(hits.map((hit) => hit.articleId)).toEqual([live.articleId]);
  });
});

import { randomUUID } from 'node:crypto';
import { type Article, type ArticleContent, ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { ArticlesServiceService, type CreateArticleRequest } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { type SearchArticlesRequest, SearchServiceService } from '@cs/contracts/cs/knowledge/v1/search_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import {
  authAs,
  bearerFor,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { inject } from 'vitest';
import { knowledgeService } from '../../src/knowledge.service.js';

export const editor: TestCaller = { roles: ['knowledge-editor'], agentId: 'editor-a', name: '编辑小王' };
export const otherEditor: TestCaller = { roles: ['knowledge-editor'], agentId: 'editor-b', name: '编辑小李' };
export const reviewer: TestCaller = { roles: ['knowledge-reviewer'], agentId: 'reviewer-a', name: '审核老张' };
/** Holds both roles: may write and review, never their own edit. */
export const editorReviewer: TestCaller = {
  roles: ['knowledge-editor', 'knowledge-reviewer'],
  agentId: 'editor-c',
  name: '主编',
};
export const frontLineAgent: TestCaller = {
  roles: ['front-line-agent'],
  team: 'pre-sales',
  agentId: 'agent-1',
  name: '张三',
};
export const supervisor: TestCaller = { roles: ['supervisor'], team: 'pre-sales', agentId: 'sup-1', name: '李主管' };

export interface ArticlesClients {
  articles: PromiseClient<typeof ArticlesServiceService>;
  search: PromiseClient<typeof SearchServiceService>;
}

/** Calls act as the editor; `as(caller)` as anyone; `published(...)` drafts, submits and approves. */
export interface ArticlesHarness extends ArticlesClients {
  sut: ServiceUnderTest;
  as(caller: TestCaller): ArticlesClients;
  events: EventRecorder;
  /** POST through the HTTP gateway as `caller` (default the editor; null: no token). */
  http(path: string, body: unknown, caller?: TestCaller | null): Promise<{ status: number; body: any }>;
  /** GET a plain HTTP route without a token (self-service). */
  get(path: string): Promise<{ status: number; body: any }>;
  draft(overrides?: Partial<CreateArticleRequest>): Promise<Article>;
  published(overrides?: Partial<CreateArticleRequest>): Promise<Article>;
  close(): Promise<void>;
}

export function content(overrides: Partial<ArticleContent> = {}): ArticleContent {
  return {
    title: '退货运费谁承担',
    body: '七天无理由退货的运费由买家承担；商品有质量问题的，退货运费由店铺承担。\n购买了运费险的订单，退货时保险公司按规则理赔运费。',
    category: '退换货',
    tags: ['退货', '运费'],
    skus: [],
    public: true,
    ...overrides,
  };
}

export function createRequest(overrides: Partial<CreateArticleRequest> = {}): CreateArticleRequest {
  return {
    kind: ArticleKind.ARTICLE_KIND_FAQ,
    locale: 'zh-CN',
    content: content(),
    translationOf: '',
    launch: undefined,
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

export function searchRequest(text: string, overrides: Partial<SearchArticlesRequest> = {}): SearchArticlesRequest {
  return { text, locale: '', kinds: [], category: '', sku: '', includeDrafts: false, limit: 0, ...overrides };
}

export async function startArticles(env: Record<string, string> = {}): Promise<ArticlesHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(knowledgeService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const address = sut.service.grpcAddress;
  const clientSets: ArticlesClients[] = [];
  const as = (caller: TestCaller): ArticlesClients => {
    const bearer = bearerFor(caller);
    const clients = {
      articles: createGrpcClient(ArticlesServiceService, address, { bearer }),
      search: createGrpcClient(SearchServiceService, address, { bearer }),
    };
    clientSets.push(clients);
    return clients;
  };
  const { articles, search } = as(editor);
  const asReviewer = as(reviewer);
  const draft = async (overrides?: Partial<CreateArticleRequest>) =>
    (await articles.createArticle(createRequest(overrides))).article!;
  return {
    sut,
    articles,
    search,
    as,
    events,
    draft,
    async published(overrides) {
      const created = await draft(overrides);
      await articles.submitForReview({ articleId: created.articleId, version: 1, idempotencyKey: randomUUID() });
      const { article } = await asReviewer.articles.approveVersion({
        articleId: created.articleId,
        version: 1,
        publishAt: undefined,
        note: '',
        idempotencyKey: randomUUID(),
      });
      return article!;
    },
    async http(path, body, caller = editor) {
      const auth = caller ? await authAs(caller) : {};
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async get(path) {
      const response = await fetch(`${sut.service.httpUrl}${path}`);
      return { status: response.status, body: await response.json() };
    },
    async close() {
      for (const clients of clientSets) for (const client of Object.values(clients)) client.close();
      await events.stop();
      await sut.close();
    },
  };
}

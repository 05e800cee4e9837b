// Knowledge search with 100,000 generated articles (BENCH_KNOWLEDGE_ARTICLES): one knowledge process
// (built dist) on a fresh cs_bench_knowledge.
//   corpus:    generated from the relevance corpus (services/knowledge/test/relevance): its sentences,
//              categories and tags, mixed with 2,000 made-up products and SKUs, 150–600 characters each;
//              written straight into `articles` (one published version each), not through the API;
//   index:     the service's own rebuildSearchIndex (dist), timed in this process: segmentation in Node,
//              then the rows with their GIN indexes and the word counts in PostgreSQL;
//   search:    SearchArticles over gRPC as a front-line agent, the relevance set's 97 questions in turn,
//              closed loops at BENCH_KNOWLEDGE_CLIENTS (1,16) sharing one channel;
//   publish:   an editor drafts and submits, a reviewer approves; then searches for the article's unique
//              word until it is found: approve call start → first search that finds it.
import { randomUUID } from 'node:crypto';
import { ArticlesServiceService } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { SearchServiceService } from '@cs/contracts/cs/knowledge/v1/search_service';
import { createGrpcClient } from '@cs/grpc';
import { openDatabase } from '@cs/persistence';
import { bearerFor } from '@cs/testing';
import { RELEVANCE_QUESTIONS } from '../../services/knowledge/test/relevance/questions.ts';
import { SHOP_ARTICLES } from '../../services/knowledge/test/relevance/shop-articles.ts';
import { dbUrl, fmt, loadAverage, log, percentile, repoRoot, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith, describeLevel } from './support/closed-loop.mjs';
import { describeCpu } from './support/cpu.sampler.mjs';
import { startService } from './support/processes.util.mjs';

// BENCH_KNOWLEDGE_DB: another name keeps a long run clear of other runs' start-up cleanup (drop it yourself).
export const KNOWLEDGE_DB = process.env.BENCH_KNOWLEDGE_DB ?? 'cs_bench_knowledge';
export const ARTICLE_COUNT = Number(process.env.BENCH_KNOWLEDGE_ARTICLES ?? 100_000);
const PUBLISH_ROUNDS = 30;
const SEED_BATCH = 1_000;

const dist = (path) => import(`${repoRoot}services/knowledge/dist/${path}`);
const agent = { roles: ['front-line-agent'], team: 'pre-sales', agentId: 'bench-agent', name: '压测客服' };
const editor = { roles: ['knowledge-editor'], agentId: 'bench-editor', name: '压测编辑' };
const reviewer = { roles: ['knowledge-reviewer'], agentId: 'bench-reviewer', name: '压测审核' };

/** A deterministic PRNG (mulberry32): the same corpus on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJECTIVES = [
  '轻薄',
  '便携',
  '智能',
  '降噪',
  '无线',
  '加厚',
  '纯棉',
  '速干',
  '静音',
  '大容量',
  '迷你',
  '多功能',
  '防滑',
  '保温',
  '可折叠',
];
const NOUNS = [
  '蓝牙耳机',
  '保温杯',
  '羊毛衫',
  '运动鞋',
  '电动牙刷',
  '空气净化器',
  '充电宝',
  '双肩包',
  '床上四件套',
  '料理机',
  '台灯',
  '行李箱',
  '瑜伽垫',
  '加湿器',
  '剃须刀',
  '手机壳',
  '卫衣',
  '羽绒服',
  '电饭煲',
  '吹风机',
];
const TOPIC_TITLES = [
  '使用方法',
  '常见问题',
  '注意事项',
  '售后说明',
  '保修政策',
  '清洗保养',
  '安装步骤',
  '尺码建议',
  '充电说明',
  '退换货说明',
];

/** 100,000 articles: the relevance corpus's sentences and vocabulary around 2,000 made-up products. */
export function* generateArticles(count, seed = 13) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const sentences = SHOP_ARTICLES.filter((a) => a.locale === 'zh-CN').flatMap((a) =>
    a.body.split(/(?<=[。；])/).filter((s) => s.trim()),
  );
  const english = SHOP_ARTICLES.filter((a) => a.locale === 'en').flatMap((a) => a.body.split(/(?<=\. )/));
  const products = Array.from({ length: 2_000 }, (_, i) => ({
    name: `${pick(ADJECTIVES)}${pick(NOUNS)} ${String.fromCharCode(65 + (i % 26))}${100 + (i % 900)}`,
    sku: `SKU-${String(10_000 + i)}`,
  }));
  for (let n = 0; n < count; n++) {
    const template = pick(SHOP_ARTICLES);
    const product = pick(products);
    const en = template.locale === 'en';
    const pool = en ? english : sentences;
    let body = en ? `${product.sku}: ` : `${product.name}（${product.sku}）：`;
    const target = 150 + Math.floor(rnd() * 450);
    while (body.length < target) body += pick(pool);
    yield {
      id: randomUUID(),
      kind: template.kind,
      locale: template.locale,
      category: template.category,
      tags: template.tags,
      skus: [product.sku],
      title: en ? `${template.title} (${product.sku})` : `${product.name}${pick(TOPIC_TITLES)}：${template.title}`,
      body,
    };
  }
}

/** Writes the generated articles as published version 1 straight into `articles` (not indexed yet). */
export async function seed(url) {
  const at = new Date().toISOString();
  let batch = [];
  const flush = async () => {
    await sql(
      url,
      `insert into articles (id, kind, locale, published_version, latest_version, archived, versions, created_at, updated_at, revision)
       select r.id, r.kind, r.locale, 1, 1, false, r.versions, now(), now(), 1
       from jsonb_to_recordset($1::jsonb) as r(id uuid, kind text, locale text, versions jsonb)`,
      [JSON.stringify(batch)],
    );
    batch = [];
  };
  for (const a of generateArticles(ARTICLE_COUNT)) {
    batch.push({
      id: a.id,
      kind: a.kind,
      locale: a.locale,
      versions: [
        {
          version: 1,
          content: { title: a.title, body: a.body, category: a.category, tags: a.tags, skus: a.skus, public: true },
          status: 'VERSION_STATUS_PUBLISHED',
          author: editor,
          createdAt: at,
          reviewer,
          reviewedAt: at,
          publishAt: at,
        },
      ],
    });
    if (batch.length === SEED_BATCH) await flush();
  }
  if (batch.length) await flush();
  await sql(url, 'analyze articles');
}

export async function buildIndex(url) {
  const { ArticleSchema } = await dist('infrastructure/article.schema.js');
  const { knowledgeMigrations } = await dist('migrations/index.js');
  const { rebuildSearchIndex } = await dist('infrastructure/search-index.rebuild.js');
  const orm = await openDatabase({ url, entities: [ArticleSchema], migrations: knowledgeMigrations });
  try {
    const report = await rebuildSearchIndex(orm);
    await sql(url, 'analyze article_search');
    await sql(url, 'analyze search_terms');
    const [{ size }] = await sql(url, "select pg_size_pretty(pg_total_relation_size('article_search')) as size");
    const [{ terms }] = await sql(url, 'select count(*)::int as terms from search_terms');
    return { ...report, size, terms };
  } finally {
    await orm.close();
  }
}

const searchRequest = (q) => ({
  text: q.text,
  locale: q.locale ?? '',
  kinds: [],
  category: '',
  sku: '',
  includeDrafts: false,
  limit: 10,
});

async function publishToSearchable(articles, asReviewer, search) {
  const rows = [];
  for (let round = 0; round < PUBLISH_ROUNDS; round++) {
    const word = `新品${randomUUID().slice(0, 8)}`;
    const { article } = await articles.createArticle({
      kind: 'ARTICLE_KIND_FAQ',
      locale: 'zh-CN',
      content: {
        title: `${word} 发货时间说明`,
        body: `${word} 现货商品当天发货。`,
        category: '物流',
        tags: [],
        skus: [],
        public: true,
      },
      translationOf: '',
      launch: undefined,
      idempotencyKey: randomUUID(),
    });
    await articles.submitForReview({ articleId: article.articleId, version: 1, idempotencyKey: randomUUID() });
    const started = performance.now();
    await asReviewer.approveVersion({
      articleId: article.articleId,
      version: 1,
      publishAt: undefined,
      note: '',
      idempotencyKey: randomUUID(),
    });
    const approveMs = performance.now() - started;
    let searches = 0;
    for (;;) {
      searches++;
      const { hits } = await search.searchArticles(searchRequest({ text: word }));
      if (hits.some((h) => h.articleId === article.articleId)) break;
    }
    rows.push({ approveMs, searchableMs: performance.now() - started, searches });
  }
  const sorted = (key) => rows.map((r) => r[key]).sort((a, b) => a - b);
  return {
    rounds: rows.length,
    approveP50: percentile(sorted('approveMs'), 50),
    searchableP50: percentile(sorted('searchableMs'), 50),
    searchableMax: sorted('searchableMs').at(-1),
    firstSearchFound: rows.filter((r) => r.searches === 1).length,
  };
}

export async function runKnowledgeSearch({ subjectPrefix, levels, warmupS, durationS }) {
  const url = dbUrl(KNOWLEDGE_DB);
  await dropBenchDatabases([KNOWLEDGE_DB]);
  // The service migrates its fresh database; seeding and the index build happen beside it.
  let service = await startService('knowledge', { databaseUrl: url, subjectPrefix });
  log(`seeding ${ARTICLE_COUNT} articles`);
  const seedStarted = performance.now();
  await seed(url);
  const seedS = (performance.now() - seedStarted) / 1000;
  log(`seeded in ${fmt(seedS)} s; building the search index`);
  const index = await buildIndex(url);
  log(`index of ${index.rows} rows built in ${fmt(index.totalMs / 1000)} s (${index.size})`);
  // A fresh process, so its caches start from the built index.
  await service.stop();
  service = await startService('knowledge', { databaseUrl: url, subjectPrefix });
  const channelOwner = createGrpcClient(SearchServiceService, service.grpcAddress, { bearer: bearerFor(agent) });
  const articles = createGrpcClient(ArticlesServiceService, service.grpcAddress, { bearer: bearerFor(editor) });
  const asReviewer = createGrpcClient(ArticlesServiceService, service.grpcAddress, { bearer: bearerFor(reviewer) });
  try {
    const loadBefore = loadAverage();
    const results = [];
    for (const clients of levels) {
      const hitCounts = [];
      const result = await closedLoop({
        clients,
        warmupS,
        durationS,
        cpuGroups: cpuGroupsWith({ knowledge: service.pid }),
        call: async (n) => {
          const { hits } = await channelOwner.searchArticles(
            searchRequest(RELEVANCE_QUESTIONS[n % RELEVANCE_QUESTIONS.length]),
          );
          hitCounts.push(hits.length);
          return hits.length;
        },
      });
      result.emptyShare = hitCounts.filter((c) => c === 0).length / Math.max(1, hitCounts.length);
      log(`${clients} client(s): ${describeLevel(result)}`);
      results.push(result);
    }
    const publish = await publishToSearchable(articles, asReviewer, channelOwner);
    log(`publish → searchable p50 ${fmt(publish.searchableP50, 1)} ms`);
    return {
      articles: ARTICLE_COUNT,
      seedS,
      index,
      results,
      publish,
      warmupS,
      durationS,
      load: `${loadBefore} → ${loadAverage()}`,
    };
  } finally {
    for (const client of [channelOwner, articles, asReviewer]) client.close();
    await service.stop();
  }
}

/** The results.md section. */
export function knowledgeSearchSection(run, environment) {
  const { index, publish } = run;
  const rows = run.results.map(
    (r) =>
      `| SearchArticles | ${r.clients} | ${fmt(r.throughput)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.ok} | ${Object.values(r.errors ?? {}).reduce((a, b) => a + b, 0)} | ${fmt(r.emptyShare * 100, 1)} % | ${describeCpu(r.cpu)} |`,
  );
  const single = run.results.find((r) => r.clients === 1);
  const goal = single
    ? `- **Goal** (issue 13: p99 < 20 ms at 1 client): ${single.p99 < 20 ? 'met' : '**not met**'} — p99 ${fmt(single.p99, 1)} ms (p50 ${fmt(single.p50, 1)} ms).\n`
    : '';
  return `## Knowledge search: ${run.articles.toLocaleString('en')} articles

${environment}

| what | clients | throughput (/s) | p50 (ms) | p99 (ms) | ok | errors | no hit | CPU, % of one core |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

| index build | articles | rows | segmenting in Node | writing rows + GIN + word counts | total | index size | distinct words |
| --- | --- | --- | --- | --- | --- | --- | --- |
| rebuildSearchIndex | ${index.articles} | ${index.rows} | ${fmt(index.segmentMs / 1000, 1)} s | ${fmt(index.writeMs / 1000, 1)} s | ${fmt(index.totalMs / 1000, 1)} s | ${index.size} | ${index.terms} |

| publish → searchable | rounds | ApproveVersion p50 | approve start → found p50 | max | found by the first search |
| --- | --- | --- | --- | --- | --- |
| ApproveVersion, then SearchArticles until found | ${publish.rounds} | ${fmt(publish.approveP50, 1)} ms | ${fmt(publish.searchableP50, 1)} ms | ${fmt(publish.searchableMax, 1)} ms | ${publish.firstSearchFound}/${publish.rounds} |

${goal}- **Corpus**: ${run.articles.toLocaleString('en')} generated articles (seeded in ${fmt(run.seedS, 0)} s straight into \`articles\`, one published version each): the relevance corpus's sentences, categories and tags around 2,000 made-up products with their SKUs, 150–600 characters, 1 in 7 in English. Repetitive by construction (few distinct sentences), so common words match many articles: harder for the candidate selection than a real knowledge base of this size.
- **Search**: one knowledge process (telemetry on, LOG_LEVEL=warn); \`SearchArticles\` as a front-line agent, limit 10, the relevance set's ${RELEVANCE_QUESTIONS.length} questions in turn (Chinese, colloquial, misspelled, English). Closed loops (one request in flight each), ${run.warmupS} s warm-up, then ${run.durationS} s measured; only requests started and finished inside the window count. *no hit* = share of searches that returned nothing.
- **Index build**: the service's \`rebuildSearchIndex\` (the one it runs after a vocabulary change), in the benchmark process: batches of 500 articles segmented in Node (shop vocabulary + Intl.Segmenter + bigrams), written as one JSON parameter per batch into \`article_search\` with its GIN indexes live, then the document frequency of every word into \`search_terms\`; one transaction.
- **Publish → searchable**: the index row is written in the approving transaction, so an article is searchable when ApproveVersion returns; the figure is ApproveVersion's latency plus one search.
- Load average over the run: ${run.load}.
`;
}

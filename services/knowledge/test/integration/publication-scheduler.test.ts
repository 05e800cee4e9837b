import { randomUUID } from 'node:crypto';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { DueWorkScheduler } from '@cs/scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicationScheduler, scheduledPublication } from '../../src/application/publication.scheduler.js';
import { type ArticlesHarness, content, reviewer, startArticles } from './articles-fixture.js';

let h: ArticlesHarness;

// The service's own poll is an hour away: only the ticks below publish.
beforeAll(async () => {
  h = await startArticles({ KNOWLEDGE_PUBLISH_POLL_MS: '3600000' });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const inOneHour = () => new Date(Date.now() + 3_600_000);

async function scheduled(publishAt: Date): Promise<string> {
  const created = await h.draft({ content: content({ title: `定时发布 ${randomUUID().slice(0, 6)}` }) });
  await h.articles.submitForReview({ articleId: created.articleId, version: 1, idempotencyKey: randomUUID() });
  await h.as(reviewer).articles.approveVersion({
    articleId: created.articleId,
    version: 1,
    publishAt: { seconds: Math.floor(publishAt.getTime() / 1000), nanos: (publishAt.getTime() % 1000) * 1e6 },
    note: '',
    idempotencyKey: randomUUID(),
  });
  return created.articleId;
}

async function publishedEventsOf(articleId: string): Promise<number> {
  const rows = await h.sut.service.orm.em
    .fork()
    .execute<{ n: string }[]>(
      "select count(*) as n from cs_outbox where subject = 'cs.knowledge.article.published' and aggregate_id = ?",
      [articleId],
    );
  return Number(rows[0]?.n);
}

describe('scheduled publication on the shared due-work scheduler', () => {
  it('publishes nothing before the publish time, then each due version once across two replicas', async () => {
    const ids = [await scheduled(inOneHour()), await scheduled(inOneHour()), await scheduled(inOneHour())];
    const service = h.sut.service.app.get(PublicationScheduler);

    const early = await service.tick(new Date());
    expect(early[0]).toMatchObject({ name: 'article-scheduled-publication', handled: 0 });

    // Two replicas sweeping at once, one article per batch, so their claims interleave.
    const otherReplica = new DueWorkScheduler(h.sut.service.orm, [scheduledPublication], {
      pollMs: 3_600_000,
      batchSize: 1,
    });
    const later = new Date(Date.now() + 2 * 3_600_000);
    const [a, b] = await Promise.all([service.tick(later), otherReplica.tick(later)]);
    expect((a[0]?.handled ?? 0) + (b[0]?.handled ?? 0)).toBe(ids.length);
    expect((a[0]?.failed ?? 0) + (b[0]?.failed ?? 0)).toBe(0);

    for (const articleId of ids) {
      expect(await publishedEventsOf(articleId)).toBe(1);
      const { article } = await h.articles.getArticle({ articleId });
      expect(article?.versions[0]?.status).toBe(VersionStatus.VERSION_STATUS_PUBLISHED);
    }
    // Nothing is due any more: a further tick claims no row.
    expect((await otherReplica.tick(later))[0]).toMatchObject({ claimed: 0, handled: 0 });
  });
});

import { randomUUID } from 'node:crypto';
import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeGap } from '../../src/domain/knowledge-gap.aggregate.js';
import { openGapsSharingWords } from '../../src/infrastructure/knowledge-gap.repository.js';
import { type RepliesHarness, startKnowledge } from './replies-fixture.js';

// The candidates for grouping a new question come from SQL (terms && the question's words): the
// words must reach PostgreSQL as one array, however many there are.
let h: RepliesHarness;
const em = () => h.sut.service.orm.em.fork() as EntityManager;

function gap(terms: string[], count: number, status = GapStatus.GAP_STATUS_OPEN): KnowledgeGap {
  const g = KnowledgeGap.open(randomUUID(), terms, {
    customerId: 'buyer-1',
    conversationId: randomUUID(),
    messageId: randomUUID(),
    text: terms.join(''),
    askedAt: new Date().toISOString(),
  });
  return Object.assign(g, { count, status });
}

const digitalYuan = gap(['可以', '数字人民币', '付款'], 1);
const digitalYuanMostAsked = gap(['数字人民币', '付款'], 3);
const shop = gap(['线下', '门店'], 5);
const drafted = gap(['数字人民币', '付款'], 9, GapStatus.GAP_STATUS_DRAFTED);

beforeAll(async () => {
  h = await startKnowledge();
  await em().persist([digitalYuan, digitalYuanMostAsked, shop, drafted]).flush();
});
afterAll(async () => {
  await h?.close();
});

describe('open gaps sharing words with a question (candidates for grouping by similarity)', () => {
  it('a question of several words finds the open gaps sharing any of them, the most asked first', async () => {
    const found = await openGapsSharingWords(em(), ['能', '用', '数字人民币', '付款']);
    expect(found.map((g) => g.id)).toEqual([digitalYuanMostAsked.id, digitalYuan.id]);
  });

  it('one shared word out of several is enough; gaps sharing none are left out', async () => {
    const found = await openGapsSharingWords(em(), ['你们', '有', '门店', '吗']);
    expect(found.map((g) => g.id)).toEqual([shop.id]);
  });

  it('a single word, and words with quotes or commas, travel intact', async () => {
    expect((await openGapsSharingWords(em(), ['线下'])).map((g) => g.id)).toEqual([shop.id]);
    expect(await openGapsSharingWords(em(), ["it's", 'a,b', '{门店}'])).toEqual([]);
  });
});

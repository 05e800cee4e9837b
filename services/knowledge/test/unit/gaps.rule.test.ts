import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { closestGap, isUnanswered, questionSimilarity } from '../../src/domain/gap-similarity.rule.js';
import { ERASED_QUESTION, GAP_EXAMPLES_KEPT, KnowledgeGap } from '../../src/domain/knowledge-gap.aggregate.js';

const example = (n: number, messageId = `m${n}`, customerId = `buyer-${n}`) => ({
  customerId,
  conversationId: `c${n}`,
  messageId,
  text: `问题${n}`,
  askedAt: new Date(Date.UTC(2026, 11, 1, 0, n)).toISOString(),
});

describe('gaps are grouped by similarity (knowledge.gaps.grouped-by-similarity)', () => {
  it('questions sharing half of their words are the same gap', () => {
    expect(questionSimilarity(['发票', '抬头', '改'], ['发票', '抬头', '能', '改'])).toBe(0.75);
    expect(closestGap(['发票', '抬头', '改'], [{ id: 'g1', terms: ['发票', '抬头'] }])?.id).toBe('g1');
  });

  it('questions sharing less than half are different gaps', () => {
    expect(questionSimilarity(['发票', '抬头'], ['退货', '运费'])).toBe(0);
    expect(closestGap(['发票', '电子'], [{ id: 'g1', terms: ['发票', '抬头', '改', '公司'] }])).toBeUndefined();
  });

  it('the most similar gap wins; on a tie the first (the most asked)', () => {
    const gaps = [
      { id: 'most-asked', terms: ['a', 'b', 'x'] },
      { id: 'closer', terms: ['a', 'b', 'c'] },
      { id: 'tie', terms: ['a', 'b', 'c'] },
    ];
    expect(closestGap(['a', 'b', 'c'], gaps)?.id).toBe('closer');
    expect(closestGap(['a', 'b'], gaps.slice(0, 1))?.id).toBe('most-asked');
  });
});

describe('an unanswered question (knowledge.gaps.unanswered-question)', () => {
  it('no article matched: a gap', () => expect(isUnanswered(['门店'], undefined, 0)).toBe(true));
  it('the best match scored below the minimum: a gap', () => expect(isUnanswered(['门店'], 0.1, 0.5)).toBe(true));
  it('a good match: no gap', () => expect(isUnanswered(['退货'], 0.9, 0.5)).toBe(false));
  it('small talk with no words left is never a gap', () => expect(isUnanswered([], undefined, 0)).toBe(false));
});

describe('a knowledge gap', () => {
  it('counts every question and keeps the newest examples only', () => {
    const gap = KnowledgeGap.open('g', ['门店'], example(0));
    for (let n = 1; n <= 6; n++) gap.askedAgain(example(n));
    expect(gap.count).toBe(7);
    expect(gap.examples.map((e) => e.messageId)).toEqual(['m6', 'm5', 'm4', 'm3', 'm2'].slice(0, GAP_EXAMPLES_KEPT));
    expect(gap.lastAskedAt.toISOString()).toBe(example(6).askedAt);
  });

  it('the same message twice counts once', () => {
    const gap = KnowledgeGap.open('g', ['门店'], example(0));
    gap.askedAgain(example(0));
    expect(gap.count).toBe(1);
  });

  it('is turned into a draft FAQ once (knowledge.gaps.drafted-once)', () => {
    const gap = KnowledgeGap.open('g', ['门店'], example(0));
    gap.draftedAs('a1');
    expect(gap).toMatchObject({ status: GapStatus.GAP_STATUS_DRAFTED, draftArticleId: 'a1' });
    expect(() => gap.draftedAs('a2')).toThrow(RuleViolation);
  });

  it('a customer who asked to be forgotten leaves no words behind; the count stays', () => {
    const gap = KnowledgeGap.open('g', ['门店'], example(0, 'm0', 'gone'));
    gap.askedAgain(example(1));
    gap.askedAgain(example(2, 'm2', 'gone'));
    gap.forgetCustomer('gone', (text) => [text]);
    expect(gap.examples.map((e) => e.customerId)).toEqual(['buyer-1']);
    expect(gap).toMatchObject({ question: '问题1', questionCustomerId: 'buyer-1', terms: ['问题1'], count: 3 });
    gap.forgetCustomer('buyer-1', (text) => [text]);
    expect(gap).toMatchObject({ question: ERASED_QUESTION, examples: [], terms: [], count: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkReply,
  DEFAULT_FORBIDDEN_TERMS,
  NEGATIVE_WORDING,
  parseForbiddenTerms,
} from '../../src/domain/reply-check.rule.js';

describe('reply check (domain.md §6: no negative wording, each with a positive alternative)', () => {
  it.each([
    ['我不能', '亲，我不能给您退款哦', 2, '我们可以为您这样处理'],
    ['我不会', '这个我不会处理', 2, '我来帮您'],
    ['我不愿意', '我不愿意这样做', 0, '我很乐意'],
    ['我不可以', '抱歉我不可以改价', 2, '我们可以这样'],
    ['但是', '可以退货，但是运费您出', 5, '同时'],
  ])('%s is negative wording, found with its position and the alternative', (phrase, text, start, alternative) => {
    const { violations } = checkReply(text, []);
    expect(violations).toEqual([{ kind: 'negative-wording', phrase, start, length: phrase.length, alternative }]);
  });

  it('every phrase of the handbook is in the list, none without an alternative', () => {
    expect(NEGATIVE_WORDING.map((p) => p.phrase)).toEqual(['我不能', '我不会', '我不愿意', '我不可以', '但是']);
    for (const p of NEGATIVE_WORDING) expect(p.alternative).not.toBe('');
  });

  it.each([
    ['最好', '这是最好的面膜', 2, '很好'],
    ['第一', '销量第一', 2, '领先'],
    ['国家级', '国家级品质', 0, '优质'],
  ])(
    '%s is on the shop’s forbidden list (advertising law) and found with its position',
    (phrase, text, start, alternative) => {
      const { violations } = checkReply(text, DEFAULT_FORBIDDEN_TERMS);
      expect(violations).toEqual([{ kind: 'forbidden-term', phrase, start, length: phrase.length, alternative }]);
    },
  );

  it('a polite reply passes unchanged', () => {
    const check = checkReply('您好，请问有什么可以帮您?', DEFAULT_FORBIDDEN_TERMS);
    expect(check.violations).toEqual([]);
    expect(check.suggestedText).toBe('您好，请问有什么可以帮您?');
  });

  it('finds every occurrence, in order of position, and suggests the text with the alternatives', () => {
    const check = checkReply('我不能退款，但是最好先退货，但是要快', DEFAULT_FORBIDDEN_TERMS);
    expect(check.violations.map((v) => [v.phrase, v.start])).toEqual([
      ['我不能', 0],
      ['但是', 6],
      ['最好', 8],
      ['但是', 14],
    ]);
    expect(check.suggestedText).toBe('我们可以为您这样处理退款，同时很好先退货，同时要快');
  });

  it('overlapping matches count once: the earlier, then the longer phrase', () => {
    const check = checkReply('全国第一国家级', [
      { phrase: '第一国家级', alternative: 'A' },
      { phrase: '国家级', alternative: 'B' },
    ]);
    expect(check.violations.map((v) => v.phrase)).toEqual(['第一国家级']);
  });

  it('an English forbidden term is found whatever its case, reported as written', () => {
    const check = checkReply('The BEST price', [{ phrase: 'best', alternative: 'great' }]);
    expect(check.violations).toEqual([
      { kind: 'forbidden-term', phrase: 'BEST', start: 4, length: 4, alternative: 'great' },
    ]);
  });

  it('positions count UTF-16 units, so an emoji before the phrase shifts it by two', () => {
    expect(checkReply('😊我不能', []).violations[0]?.start).toBe(2);
  });

  it('the shop’s forbidden list is configured as phrase=alternative pairs; a malformed list is refused', () => {
    expect(parseForbiddenTerms('最好=很好, 第一=领先')).toEqual([
      { phrase: '最好', alternative: '很好' },
      { phrase: '第一', alternative: '领先' },
    ]);
    expect(parseForbiddenTerms('')).toEqual([]);
    expect(parseForbiddenTerms('最好')).toBeUndefined();
    expect(parseForbiddenTerms('最好=很好=好')).toBeUndefined();
  });
});

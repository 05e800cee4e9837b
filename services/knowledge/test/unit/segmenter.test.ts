import { describe, expect, it } from 'vitest';
import { queryTerms, segment } from '../../src/domain/segmenter.js';

describe('segmentation: shop vocabulary stays whole (knowledge.search.shop-vocabulary-stays-whole)', () => {
  it.each([
    ['运费险怎么理赔', '运费险'],
    ['发票抬头怎么填', '发票抬头'],
    ['七天无理由退货怎么申请', '七天无理由'],
    ['能开增值税专用发票吗', '专用发票'],
    ['价保怎么申请', '价保'],
    ['蓝牙耳机怎么配对', '配对'],
  ])('%s keeps %s as one word', (text, term) => {
    expect(segment(text)).toContain(term);
  });

  it('also yields the shop words inside a longer one, so 退货运费 is found by 退货 and by 运费', () => {
    expect(segment('退货运费谁出')).toEqual(expect.arrayContaining(['退货运费', '退货', '运费']));
    expect(segment('发票抬头')).toEqual(expect.arrayContaining(['发票抬头', '发票', '抬头']));
  });

  it('joins characters ICU leaves single into bigrams (保|修|期 is not lost)', () => {
    // 理赔 is not in the shop vocabulary: ICU splits it, the bigram pass rejoins it.
    expect(segment('运费险理赔')).toContain('理赔');
  });

  it('drops question words and particles that tell no article apart', () => {
    expect(segment('请问我的快递怎么还没到呢')).toEqual(['快递']);
  });

  it('lower-cases and folds English endings', () => {
    expect(segment('How do I RETURN items?')).toEqual(['return', 'item']);
    expect(segment('refunds addresses')).toEqual(['refund', 'address']);
  });

  it('treats full-width letters and digits like half-width ones', () => {
    expect(segment('ＳＫＵ１００１')).toEqual(['sku1001']);
  });

  it('queries add the shop synonyms of what customers say: 邮费 also searches 运费', () => {
    expect(queryTerms('退货邮费谁出')).toEqual(expect.arrayContaining(['邮费', '运费']));
    expect(queryTerms('改地址')).toEqual(expect.arrayContaining(['改地址', '修改地址']));
  });

  it('gives nothing for punctuation alone', () => {
    expect(segment('？？！！…')).toEqual([]);
  });
});

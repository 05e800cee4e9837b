import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/domain/highlight.js';

describe('search highlights', () => {
  it('marks each matched word with 【】', () => {
    expect(highlight('退货运费由买家承担。', ['运费', '买家'])).toBe('退货【运费】由【买家】承担。');
  });

  it('prefers the longer word where two overlap', () => {
    expect(highlight('运费险理赔说明', ['运费', '运费险'])).toBe('【运费险】理赔说明');
  });

  it('matches English case-insensitively and keeps the original case', () => {
    expect(highlight('Refunds arrive in 3 days.', ['refund'])).toBe('【Refund】s arrive in 3 days.');
  });

  it('shows the passage around the matches in a long text', () => {
    const text = `${'无关内容。'.repeat(40)}发票抬头填写公司名称。${'其他内容。'.repeat(40)}`;
    const passage = highlight(text, ['发票抬头']);
    expect(passage).toContain('【发票抬头】');
    expect(passage.startsWith('…')).toBe(true);
    expect(passage.length).toBeLessThan(100);
  });

  it('falls back to the opening when nothing matches', () => {
    expect(highlight('七天无理由退货说明', ['保修'])).toBe('七天无理由退货说明');
  });
});

import { describe, expect, it } from 'vitest';
import { bodyDifferences, fieldDifferences } from '../../src/domain/version-diff.js';

const base = { title: '退货运费', body: '', category: '退换货', tags: ['退货'], skus: [], public: true };

describe('diff between two versions', () => {
  it('names the fields that changed with before and after', () => {
    expect(fieldDifferences(base, { ...base, title: '退货运费谁出', tags: ['退货', '运费'] })).toEqual([
      { field: 'title', before: '退货运费', after: '退货运费谁出' },
      { field: 'tags', before: '退货', after: '退货, 运费' },
    ]);
  });

  it('gives no field change for identical content', () => {
    expect(fieldDifferences(base, { ...base })).toEqual([]);
  });

  it('diffs the body line by line in reading order', () => {
    expect(bodyDifferences('第一行\n运费买家出\n第三行', '第一行\n质量问题运费店铺出\n第三行\n新增一行')).toEqual([
      { op: 'equal', text: '第一行' },
      { op: 'removed', text: '运费买家出' },
      { op: 'added', text: '质量问题运费店铺出' },
      { op: 'equal', text: '第三行' },
      { op: 'added', text: '新增一行' },
    ]);
  });
});

import type { ArticleContent } from '@cs/contracts/cs/knowledge/v1/article';

export interface FieldDifference {
  field: string;
  before: string;
  after: string;
}

export type LineOp = 'equal' | 'added' | 'removed';

export interface LineDifference {
  op: LineOp;
  text: string;
}

/** The content fields besides the body that differ, each as text (tags and SKUs comma-joined). */
export function fieldDifferences(before: ArticleContent, after: ArticleContent): FieldDifference[] {
  const asText = (c: ArticleContent) => ({
    title: c.title,
    category: c.category,
    tags: c.tags.join(', '),
    skus: c.skus.join(', '),
    public: String(c.public),
  });
  const a = asText(before);
  const b = asText(after);
  return (Object.keys(a) as (keyof typeof a)[])
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ field, before: a[field], after: b[field] }));
}

/** Line-by-line diff of two bodies (longest common subsequence), in reading order. */
export function bodyDifferences(before: string, after: string): LineDifference[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: LineDifference[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'equal', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'removed', text: a[i++]! });
    else out.push({ op: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ op: 'added', text: b[j++]! });
  return out;
}

import { type ArticleContent, ArticleKind, type ProductLaunch } from '@cs/contracts/cs/knowledge/v1/article';
import { checkLength, type Violations } from '@cs/errors';
import { checkDay } from './field-checks.js';

/** The locales articles are written in; a translation links two of them. */
export const ARTICLE_LOCALES = ['zh-CN', 'en'] as const;

const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What every version's content must hold, named by its request field. */
export function checkContent(
  content: ArticleContent | undefined,
  kind: ArticleKind,
  violations: Violations,
  field = 'content',
): void {
  if (!content) {
    violations.add(field, 'is required');
    return;
  }
  violations.require(`${field}.title`, content.title).require(`${field}.body`, content.body);
  violations.require(`${field}.category`, content.category);
  checkLength(content.title, `${field}.title`, 200, violations);
  checkLength(content.body, `${field}.body`, 20_000, violations);
  checkLength(content.category, `${field}.category`, 50, violations);
  if (content.tags.length > 20) violations.add(`${field}.tags`, 'must hold at most 20 tags');
  if (content.tags.some((t) => !t.trim() || t.length > 30))
    violations.add(`${field}.tags`, 'each tag must be 1..30 characters');
  if (content.skus.length > 50) violations.add(`${field}.skus`, 'must hold at most 50 SKUs');
  if (content.skus.some((s) => !skuPattern.test(s)))
    violations.add(`${field}.skus`, 'each SKU must be 1..64 letters, digits, dots, dashes or underscores');
  if (kind === ArticleKind.ARTICLE_KIND_PRODUCT_FACTS && !content.skus.length)
    violations.add(`${field}.skus`, 'product facts name at least one SKU');
}

/** A launch: for product facts only, an existing day and the agents who must read the article. */
export function checkLaunch(launch: ProductLaunch | undefined, kind: ArticleKind, violations: Violations): void {
  if (!launch) return;
  if (kind !== ArticleKind.ARTICLE_KIND_PRODUCT_FACTS)
    violations.add('launch', 'only product facts have a launch (an on-sale date)');
  checkDay(launch.onSaleDate, 'launch.on_sale_date', violations);
  if (launch.requiredReaders.length > 500) violations.add('launch.required_readers', 'must hold at most 500 agents');
  launch.requiredReaders.forEach((reader, i) => {
    violations.require(`launch.required_readers[${i}].agent_id`, reader.agentId);
    checkLength(reader.agentId, `launch.required_readers[${i}].agent_id`, 64, violations);
  });
}

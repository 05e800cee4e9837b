import { ArticleKind, VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { Article } from '../../src/domain/article.aggregate.js';
import { ARTICLE_RULE } from '../../src/domain/version-flow.rule.js';

const editor = { agentId: 'e-1', name: '编辑小王' };
const otherEditor = { agentId: 'e-2', name: '编辑小李' };
const reviewer = { agentId: 'r-1', name: '审核老张' };
const t0 = new Date('2026-12-01T02:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const content = (title: string, body = '退货运费由买家承担，质量问题由店铺承担。') => ({
  title,
  body,
  category: '退换货',
  tags: ['退货'],
  skus: [],
  public: true,
});

function draftArticle(): Article {
  return Article.draft(
    {
      id: '00000000-0000-4000-8000-000000000001',
      kind: ArticleKind.ARTICLE_KIND_FAQ,
      locale: 'zh-CN',
      content: content('退货运费谁出'),
    },
    editor,
    t0,
  );
}

function published(): Article {
  const article = draftArticle();
  article.submit(1, later(1));
  article.approve(1, reviewer, undefined, '', later(2));
  return article;
}

function ruleOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  return undefined;
}

describe('version flow: draft → in review → published (knowledge.articles.version-flow)', () => {
  it('starts as version 1, a draft, with nothing live', () => {
    const article = draftArticle();
    expect(article.latestVersion).toBe(1);
    expect(article.publishedVersion).toBe(0);
    expect(article.latest().status).toBe(VersionStatus.VERSION_STATUS_DRAFT);
  });

  it('goes live when a reviewer approves the version in review', () => {
    const article = published();
    expect(article.publishedVersion).toBe(1);
    expect(article.published()?.status).toBe(VersionStatus.VERSION_STATUS_PUBLISHED);
  });

  it('refuses to approve a draft that was never submitted', () => {
    expect(ruleOf(() => draftArticle().approve(1, reviewer, undefined, '', later(1)))).toBe(ARTICLE_RULE.versionFlow);
  });

  it('refuses to submit a version twice', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    expect(ruleOf(() => article.submit(1, later(2)))).toBe(ARTICLE_RULE.versionFlow);
  });

  it('sends a rejected version back to draft with the reason, and it can be submitted again', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    article.reject(1, reviewer, '运费说明不完整', later(2));
    expect(article.latest()).toMatchObject({
      status: VersionStatus.VERSION_STATUS_DRAFT,
      reviewNote: '运费说明不完整',
    });
    article.submit(1, later(3));
    expect(article.latest().status).toBe(VersionStatus.VERSION_STATUS_IN_REVIEW);
  });

  it('refuses to submit an older version replaced by a later edit (knowledge.articles.submit-the-latest-version)', () => {
    const article = draftArticle();
    article.edit(content('退货运费谁出（修订）'), undefined, editor, later(1));
    expect(ruleOf(() => article.submit(1, later(2)))).toBe(ARTICLE_RULE.submitLatestOnly);
    expect(article.version(1).status).toBe(VersionStatus.VERSION_STATUS_SUPERSEDED);
  });
});

describe('every edit makes a new version; the published version stays live while the next is drafted', () => {
  it('keeps version 1 live while version 2 is drafted and reviewed', () => {
    const article = published();
    article.edit(content('退货运费谁出 v2'), undefined, otherEditor, later(3));
    article.submit(2, later(4));
    expect(article.publishedVersion).toBe(1);
    expect(article.published()?.content.title).toBe('退货运费谁出');
    expect(article.openDraft()?.version).toBe(2);
  });

  it('supersedes the old live version when the next one is approved', () => {
    const article = published();
    article.edit(content('退货运费谁出 v2'), undefined, otherEditor, later(3));
    article.submit(2, later(4));
    article.approve(2, reviewer, undefined, '', later(5));
    expect(article.publishedVersion).toBe(2);
    expect(article.version(1).status).toBe(VersionStatus.VERSION_STATUS_SUPERSEDED);
    expect(article.openDraft()).toBeUndefined();
  });

  it('numbers versions one by one and keeps each author', () => {
    const article = draftArticle();
    article.edit(content('v2'), undefined, otherEditor, later(1));
    article.edit(content('v3'), undefined, editor, later(2));
    expect(article.versions.map((v) => [v.version, v.author.agentId])).toEqual([
      [1, 'e-1'],
      [2, 'e-2'],
      [3, 'e-1'],
    ]);
  });
});

describe('reviewer ≠ author (knowledge.articles.reviewer-is-not-author)', () => {
  it('refuses the author approving their own version', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    expect(ruleOf(() => article.approve(1, editor, undefined, '', later(2)))).toBe(ARTICLE_RULE.reviewerIsNotAuthor);
    expect(article.publishedVersion).toBe(0);
  });

  it('refuses the author rejecting their own version', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    expect(ruleOf(() => article.reject(1, editor, 'x', later(2)))).toBe(ARTICLE_RULE.reviewerIsNotAuthor);
  });

  it('lets the author of version 1 review version 2 written by someone else', () => {
    const article = published();
    article.edit(content('v2'), undefined, otherEditor, later(3));
    article.submit(2, later(4));
    expect(article.approve(2, editor, undefined, '', later(5))).toBe('published');
  });
});

describe('scheduled publication', () => {
  it('schedules an approval with a future time and publishes once that time has come', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    expect(article.approve(1, reviewer, later(60), '', later(2))).toBe('scheduled');
    expect(article.publishedVersion).toBe(0);
    expect(article.publishDueAt).toEqual(later(60));
    expect(article.publishIfDue(later(59))).toBe(false);
    expect(article.publishIfDue(later(60))).toBe(true);
    expect(article.publishedVersion).toBe(1);
    expect(article.publishDueAt).toBeNull();
  });

  it('publishes at once when the time given is already past', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    expect(article.approve(1, reviewer, t0, '', later(2))).toBe('published');
  });

  it('drops the schedule when a newer edit replaces the scheduled version', () => {
    const article = draftArticle();
    article.submit(1, later(1));
    article.approve(1, reviewer, later(60), '', later(2));
    article.edit(content('v2'), undefined, editor, later(3));
    expect(article.publishDueAt).toBeNull();
    expect(article.publishIfDue(later(61))).toBe(false);
  });
});

describe('archiving (knowledge.articles.archived-is-read-only)', () => {
  it('takes the live version out and refuses further edits', () => {
    const article = published();
    article.archive(later(3));
    expect(article.published()?.status).toBe(VersionStatus.VERSION_STATUS_ARCHIVED);
    expect(ruleOf(() => article.edit(content('v2'), undefined, editor, later(4)))).toBe(
      ARTICLE_RULE.archivedIsReadOnly,
    );
  });
});

describe('new-product readiness (knowledge.readiness.acknowledge-the-published-product-article)', () => {
  const launch = { onSaleDate: '2026-12-20', requiredReaders: [{ agentId: 'a-1', name: '小美' }] };

  function productArticle(): Article {
    const article = Article.draft(
      {
        id: '00000000-0000-4000-8000-000000000002',
        kind: ArticleKind.ARTICLE_KIND_PRODUCT_FACTS,
        locale: 'zh-CN',
        content: { ...content('X1 蓝牙耳机'), skus: ['SKU-X1'] },
        launch,
      },
      editor,
      t0,
    );
    return article;
  }

  it('accepts acknowledging the live version of a product going on sale', () => {
    const article = productArticle();
    article.submit(1, later(1));
    article.approve(1, reviewer, undefined, '', later(2));
    expect(() => article.checkAcknowledgeable(1)).not.toThrow();
    expect(article.onSaleDate).toBe('2026-12-20');
  });

  it('refuses acknowledging before anything is published, or an old version', () => {
    const article = productArticle();
    expect(ruleOf(() => article.checkAcknowledgeable(1))).toBe(ARTICLE_RULE.acknowledgePublishedProduct);
  });

  it('refuses acknowledging an article that is not about a new product', () => {
    expect(ruleOf(() => published().checkAcknowledgeable(1))).toBe(ARTICLE_RULE.acknowledgePublishedProduct);
  });
});

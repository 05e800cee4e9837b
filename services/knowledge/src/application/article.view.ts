import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  Article as ArticleMessage,
  ArticleTranslation,
  ArticleVersion,
} from '@cs/contracts/cs/knowledge/v1/article';
import type { Article, ArticleVersionRecord } from '../domain/article.aggregate.js';
import { toTimestamp } from './timestamps.js';

/**
 * The article as the caller may see it: editors and reviewers every version, readers the
 * published one only (a draft is not theirs to read).
 */
export function articleView(
  article: Article,
  { allVersions, translations = [] }: { allVersions: boolean; translations?: ArticleTranslation[] },
): ArticleMessage {
  const live = article.published();
  const versions = allVersions ? article.versions : live ? [live] : [];
  return {
    articleId: article.id,
    kind: article.kind,
    locale: article.locale,
    translationOf: article.translationOf ?? '',
    publishedVersion: article.publishedVersion,
    latestVersion: allVersions ? article.latestVersion : article.publishedVersion,
    archived: article.archived,
    launch: article.launch ?? undefined,
    versions: versions.map(versionView),
    translations,
    revision: article.revision,
  };
}

export function versionView(v: ArticleVersionRecord): ArticleVersion {
  return {
    version: v.version,
    content: v.content,
    status: v.status,
    author: v.author,
    createdAt: toTimestamp(v.createdAt),
    submittedAt: v.submittedAt ? toTimestamp(v.submittedAt) : undefined,
    reviewer: v.reviewer as AgentRef | undefined,
    reviewedAt: v.reviewedAt ? toTimestamp(v.reviewedAt) : undefined,
    reviewNote: v.reviewNote ?? '',
    publishAt: v.publishAt ? toTimestamp(v.publishAt) : undefined,
  };
}

import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { RuleViolation } from '@cs/errors';

/** The names of the article rules, as a supervisor knows them and the errors carry them. */
export const ARTICLE_RULE = {
  /** draft → in review → published (or scheduled, then published); nothing else. */
  versionFlow: 'knowledge.articles.version-flow',
  /** Only the newest version can be submitted: an older draft was replaced by a later edit. */
  submitLatestOnly: 'knowledge.articles.submit-the-latest-version',
  /** An archived article is read-only. */
  archivedIsReadOnly: 'knowledge.articles.archived-is-read-only',
  /** A reviewer other than the author approves (see reviewer-not-author.rule.ts). */
  reviewerIsNotAuthor: 'knowledge.articles.reviewer-is-not-author',
  /** A translation links to an article of another locale. */
  translationInAnotherLocale: 'knowledge.articles.translation-in-another-locale',
  /** Agents acknowledge the version that is live, of a product article. */
  acknowledgePublishedProduct: 'knowledge.readiness.acknowledge-the-published-product-article',
} as const;

const allowed: Record<string, readonly VersionStatus[]> = {
  submit: [VersionStatus.VERSION_STATUS_DRAFT],
  approve: [VersionStatus.VERSION_STATUS_IN_REVIEW],
  reject: [VersionStatus.VERSION_STATUS_IN_REVIEW],
  publishScheduled: [VersionStatus.VERSION_STATUS_SCHEDULED],
};

export type VersionStep = keyof typeof allowed;

/** Version flow: refuses a step the version's status does not allow, naming both. */
export function checkVersionStep(step: VersionStep, status: VersionStatus, version: number): void {
  if (!allowed[step]!.includes(status)) {
    throw new RuleViolation(
      ARTICLE_RULE.versionFlow,
      `version ${version} is ${status}; "${step}" needs ${allowed[step]!.join(' or ')}`,
    );
  }
}

import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { RuleViolation } from '@cs/errors';

/** The rule names a subject's review refusals carry; articles and standard replies share the rules. */
export interface ReviewRules {
  /** draft → in review → published (or scheduled, then published); nothing else. */
  versionFlow: string;
  /** Only the newest version can be submitted: an older draft was replaced by a later edit. */
  submitLatestOnly: string;
  /** Something archived is read-only. */
  archivedIsReadOnly: string;
  /** A reviewer other than the author approves (see reviewer-not-author.rule.ts). */
  reviewerIsNotAuthor: string;
}

/** The names of the article rules, as a supervisor knows them and the errors carry them. */
export const ARTICLE_RULE = {
  versionFlow: 'knowledge.articles.version-flow',
  submitLatestOnly: 'knowledge.articles.submit-the-latest-version',
  archivedIsReadOnly: 'knowledge.articles.archived-is-read-only',
  reviewerIsNotAuthor: 'knowledge.articles.reviewer-is-not-author',
  /** A translation links to an article of another locale. */
  translationInAnotherLocale: 'knowledge.articles.translation-in-another-locale',
  /** Agents acknowledge the version that is live, of a product article. */
  acknowledgePublishedProduct: 'knowledge.readiness.acknowledge-the-published-product-article',
} as const;

/** Standard replies (礼貌用语) are "versioned like articles": the same rules under their own names. */
export const STANDARD_REPLY_RULE = {
  versionFlow: 'knowledge.replies.version-flow',
  submitLatestOnly: 'knowledge.replies.submit-the-latest-version',
  archivedIsReadOnly: 'knowledge.replies.archived-is-read-only',
  reviewerIsNotAuthor: 'knowledge.replies.reviewer-is-not-author',
} as const;

const allowed: Record<string, readonly VersionStatus[]> = {
  submit: [VersionStatus.VERSION_STATUS_DRAFT],
  approve: [VersionStatus.VERSION_STATUS_IN_REVIEW],
  reject: [VersionStatus.VERSION_STATUS_IN_REVIEW],
  publishScheduled: [VersionStatus.VERSION_STATUS_SCHEDULED],
};

export type VersionStep = keyof typeof allowed;

/** Version flow: refuses a step the version's status does not allow, naming both. */
export function checkVersionStep(
  step: VersionStep,
  status: VersionStatus,
  version: number,
  rules: Pick<ReviewRules, 'versionFlow'> = ARTICLE_RULE,
): void {
  if (!allowed[step]!.includes(status)) {
    throw new RuleViolation(
      rules.versionFlow,
      `version ${version} is ${status}; "${step}" needs ${allowed[step]!.join(' or ')}`,
    );
  }
}

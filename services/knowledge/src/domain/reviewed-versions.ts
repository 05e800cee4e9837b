import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { RuleViolation } from '@cs/errors';
import { checkReviewerIsNotAuthor } from './reviewer-not-author.rule.js';
import { checkVersionStep, type ReviewRules } from './version-flow.rule.js';

/**
 * The review fields every versioned thing of the knowledge base shares (articles, standard
 * replies): one version flow, draft → in review → published (→ archived), one four-eyes rule.
 * Times are ISO strings: versions live in JSON columns.
 */
export interface ReviewedVersion {
  version: number;
  status: VersionStatus;
  author: AgentRef;
  submittedAt?: string;
  reviewer?: AgentRef;
  reviewedAt?: string;
  reviewNote?: string;
  publishAt?: string;
}

/** Not live yet: what an edit supersedes and editors see as the open draft. */
export const OPEN_STATUSES: readonly VersionStatus[] = [
  VersionStatus.VERSION_STATUS_DRAFT,
  VersionStatus.VERSION_STATUS_IN_REVIEW,
  VersionStatus.VERSION_STATUS_SCHEDULED,
];

/** Before a new edit: unpublished versions are replaced by it; the live one stays live. */
export function supersedeOpen(versions: readonly ReviewedVersion[]): void {
  for (const v of versions) if (OPEN_STATUSES.includes(v.status)) v.status = VersionStatus.VERSION_STATUS_SUPERSEDED;
}

/** Draft → in review; only the newest version, since an older draft was replaced by a later edit. */
export function submitVersion(v: ReviewedVersion, latestVersion: number, rules: ReviewRules, now: Date): void {
  if (v.version !== latestVersion) {
    throw new RuleViolation(
      rules.submitLatestOnly,
      `version ${v.version} was replaced by version ${latestVersion}; submit that one`,
    );
  }
  checkVersionStep('submit', v.status, v.version, rules);
  v.status = VersionStatus.VERSION_STATUS_IN_REVIEW;
  v.submittedAt = now.toISOString();
}

/** A reviewer other than the author decides on a version in review; the caller then publishes or sends it back. */
export function reviewVersion(
  v: ReviewedVersion,
  step: 'approve' | 'reject',
  reviewer: AgentRef,
  note: string,
  rules: ReviewRules,
  now: Date,
): void {
  checkVersionStep(step, v.status, v.version, rules);
  checkReviewerIsNotAuthor(reviewer, v.author, v.version, rules);
  v.reviewer = reviewer;
  v.reviewedAt = now.toISOString();
  v.reviewNote = note;
  if (step === 'reject') v.status = VersionStatus.VERSION_STATUS_DRAFT;
}

/** The version goes live; the one live before it is superseded. */
export function publishVersion(versions: readonly ReviewedVersion[], v: ReviewedVersion, now: Date): void {
  for (const other of versions)
    if (other !== v && other.status === VersionStatus.VERSION_STATUS_PUBLISHED)
      other.status = VersionStatus.VERSION_STATUS_SUPERSEDED;
  v.status = VersionStatus.VERSION_STATUS_PUBLISHED;
  v.publishAt = now.toISOString();
}

/** Archiving ends the live version and every open one; earlier superseded versions stay as they were. */
export function archiveVersions(versions: readonly ReviewedVersion[]): void {
  for (const v of versions)
    if (OPEN_STATUSES.includes(v.status) || v.status === VersionStatus.VERSION_STATUS_PUBLISHED)
      v.status = VersionStatus.VERSION_STATUS_ARCHIVED;
}

import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  type ArticleContent,
  type ArticleKind,
  type ProductLaunch,
  VersionStatus,
} from '@cs/contracts/cs/knowledge/v1/article';
import { NotFound, RuleViolation } from '@cs/errors';
import {
  archiveVersions,
  OPEN_STATUSES,
  publishVersion,
  type ReviewedVersion,
  reviewVersion,
  submitVersion,
  supersedeOpen,
} from './reviewed-versions.js';
import { ARTICLE_RULE } from './version-flow.rule.js';

/** One version as stored (times as ISO strings: versions live in a JSON column). */
export interface ArticleVersionRecord extends ReviewedVersion {
  content: ArticleContent;
  createdAt: string;
}

export interface NewArticle {
  id: string;
  kind: ArticleKind;
  locale: string;
  translationOf?: string;
  content: ArticleContent;
  launch?: ProductLaunch;
}

/** What changed for search after a step: the live version, the open draft, both or neither. */
export type ApprovalOutcome = 'published' | 'scheduled';

/**
 * An article of the knowledge base with every version it ever had. Every edit makes a new
 * version; the published version stays live while the next is drafted, reviewed and scheduled.
 */
export class Article {
  id!: string;
  kind!: ArticleKind;
  locale!: string;
  translationOf?: string | null;
  publishedVersion!: number;
  latestVersion!: number;
  archived!: boolean;
  launch?: ProductLaunch | null;
  /** Copied from the launch so the readiness report can select by date. */
  onSaleDate?: string | null;
  /** When the scheduled version is due; the publication scheduler looks for it. */
  publishDueAt?: Date | null;
  versions!: ArticleVersionRecord[];
  createdAt!: Date;
  updatedAt!: Date;
  revision!: number;

  static draft(facts: NewArticle, author: AgentRef, now: Date): Article {
    const article = Object.assign(new Article(), {
      id: facts.id,
      kind: facts.kind,
      locale: facts.locale,
      translationOf: facts.translationOf || null,
      publishedVersion: 0,
      latestVersion: 0,
      archived: false,
      versions: [],
      createdAt: now,
      updatedAt: now,
    });
    article.setLaunch(facts.launch);
    article.addVersion(facts.content, author, now);
    return article;
  }

  published(): ArticleVersionRecord | undefined {
    return this.publishedVersion ? this.version(this.publishedVersion) : undefined;
  }

  latest(): ArticleVersionRecord {
    return this.version(this.latestVersion);
  }

  /** The newest version when it is not (yet) live: what editors search as a draft. */
  openDraft(): ArticleVersionRecord | undefined {
    const latest = this.latest();
    return OPEN_STATUSES.includes(latest.status) ? latest : undefined;
  }

  version(version: number): ArticleVersionRecord {
    const found = this.versions.find((v) => v.version === version);
    if (!found) throw new NotFound('article version', `${this.id} v${version}`);
    return found;
  }

  /** Every edit is a new draft; unpublished versions before it are superseded, the live one stays. */
  edit(content: ArticleContent, launch: ProductLaunch | undefined, author: AgentRef, now: Date): ArticleVersionRecord {
    this.checkWritable();
    supersedeOpen(this.versions);
    this.publishDueAt = null;
    if (launch) this.setLaunch(launch);
    return this.addVersion(content, author, now);
  }

  submit(version: number, now: Date): void {
    this.checkWritable();
    submitVersion(this.version(version), this.latestVersion, ARTICLE_RULE, now);
    this.updatedAt = now;
  }

  /** Publishes now, or schedules when publishAt is later than now. */
  approve(version: number, reviewer: AgentRef, publishAt: Date | undefined, note: string, now: Date): ApprovalOutcome {
    this.checkWritable();
    const v = this.version(version);
    reviewVersion(v, 'approve', reviewer, note, ARTICLE_RULE, now);
    this.updatedAt = now;
    if (publishAt && publishAt.getTime() > now.getTime()) {
      v.status = VersionStatus.VERSION_STATUS_SCHEDULED;
      v.publishAt = publishAt.toISOString();
      this.publishDueAt = publishAt;
      return 'scheduled';
    }
    this.publish(v, now);
    return 'published';
  }

  /** Back to its author as a draft, with the reviewer's reason. */
  reject(version: number, reviewer: AgentRef, reason: string, now: Date): void {
    this.checkWritable();
    reviewVersion(this.version(version), 'reject', reviewer, reason, ARTICLE_RULE, now);
    this.updatedAt = now;
  }

  /** The scheduled version goes live once its time has come; returns whether it did. */
  publishIfDue(now: Date): boolean {
    const scheduled = this.versions.find((v) => v.status === VersionStatus.VERSION_STATUS_SCHEDULED);
    if (!scheduled) this.publishDueAt = null;
    if (this.archived || !scheduled?.publishAt || new Date(scheduled.publishAt).getTime() > now.getTime()) return false;
    this.publish(scheduled, now);
    return true;
  }

  archive(now: Date): void {
    this.checkWritable();
    archiveVersions(this.versions);
    this.archived = true;
    this.publishDueAt = null;
    this.updatedAt = now;
  }

  /** New-product readiness: only the live version of a product article is acknowledged. */
  checkAcknowledgeable(version: number): void {
    if (!this.launch || this.archived || version !== this.publishedVersion || version === 0) {
      throw new RuleViolation(
        ARTICLE_RULE.acknowledgePublishedProduct,
        this.launch
          ? `acknowledge the published version (${this.publishedVersion || 'none yet'}), not ${version}`
          : 'only the article of a new product (with an on-sale date) is acknowledged',
      );
    }
  }

  private publish(v: ArticleVersionRecord, now: Date): void {
    publishVersion(this.versions, v, now);
    this.publishedVersion = v.version;
    this.publishDueAt = null;
    this.updatedAt = now;
  }

  private addVersion(content: ArticleContent, author: AgentRef, now: Date): ArticleVersionRecord {
    const record: ArticleVersionRecord = {
      version: this.latestVersion + 1,
      content,
      status: VersionStatus.VERSION_STATUS_DRAFT,
      author,
      createdAt: now.toISOString(),
    };
    this.versions = [...this.versions, record];
    this.latestVersion = record.version;
    this.updatedAt = now;
    return record;
  }

  private setLaunch(launch: ProductLaunch | undefined): void {
    this.launch = launch?.onSaleDate ? launch : null;
    this.onSaleDate = this.launch?.onSaleDate ?? null;
  }

  private checkWritable(): void {
    if (this.archived) throw new RuleViolation(ARTICLE_RULE.archivedIsReadOnly, `article ${this.id} is archived`);
  }
}

import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import type { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { ConcurrentEdit, NotFound, RuleViolation } from '@cs/errors';
import {
  archiveVersions,
  publishVersion,
  type ReviewedVersion,
  reviewVersion,
  submitVersion,
  supersedeOpen,
} from './reviewed-versions.js';
import { STANDARD_REPLY_RULE } from './version-flow.rule.js';

/** One version as stored in the history JSON column (times as ISO strings). */
export interface StandardReplyRevision extends ReviewedVersion {
  text: string;
  writtenAt: string;
}

export interface StandardReplyFacts {
  id: string;
  kind: StandardReplyKind;
  shortcode: string;
  /** Empty: shop-wide. */
  team: string;
  text: string;
  author: AgentRef;
  at: Date;
}

/** Shortcodes are typed by agents as /shortcode. */
export const SHORTCODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * A standard reply (礼貌用语), versioned like an article: every edit is a new draft, a reviewer
 * other than its author publishes it, and the published version stays live (rendered, listed,
 * suggested) while the next one is drafted and reviewed.
 */
export class StandardReply {
  id!: string;
  kind!: StandardReplyKind;
  shortcode!: string;
  team!: string;
  /** The published version's text ('' until one is published): what agents render and are suggested. */
  text!: string;
  /** 0 until a version is approved. */
  publishedVersion!: number;
  archived!: boolean;
  /** Every version, oldest first. */
  history!: StandardReplyRevision[];
  updatedAt!: Date;
  /** Optimistic-lock revision of the row; events carry it. */
  version!: number;

  static create(facts: StandardReplyFacts): StandardReply {
    const reply = Object.assign(new StandardReply(), {
      id: facts.id,
      kind: facts.kind,
      shortcode: facts.shortcode,
      team: facts.team,
      text: '',
      publishedVersion: 0,
      archived: false,
      history: [],
      version: 1,
    });
    reply.addDraft(facts.text, facts.author, facts.at);
    return reply;
  }

  /** Live for agents: a version is published and the reply is not archived. */
  isLive(): boolean {
    return this.publishedVersion > 0 && !this.archived;
  }

  latestVersion(): number {
    return this.history.length;
  }

  latest(): StandardReplyRevision {
    return this.revision(this.latestVersion());
  }

  published(): StandardReplyRevision | undefined {
    return this.publishedVersion ? this.revision(this.publishedVersion) : undefined;
  }

  revision(version: number): StandardReplyRevision {
    const found = this.history.find((v) => v.version === version);
    if (!found) throw new NotFound('standard reply version', `${this.id} v${version}`);
    return found;
  }

  /** A new draft; refused when someone edited it after the version the editor read. The live one stays. */
  revise(text: string, expectedVersion: number, author: AgentRef, at: Date): void {
    this.checkWritable();
    if (expectedVersion !== this.latestVersion())
      throw new ConcurrentEdit(
        `standard reply ${this.id} is at version ${this.latestVersion()}, not ${expectedVersion}: reload it`,
      );
    supersedeOpen(this.history);
    this.addDraft(text, author, at);
  }

  submit(version: number, at: Date): void {
    this.checkWritable();
    submitVersion(this.revision(version), this.latestVersion(), STANDARD_REPLY_RULE, at);
    this.updatedAt = at;
  }

  /** Publishes at once: the approved text replaces the live one for every agent. */
  approve(version: number, reviewer: AgentRef, note: string, at: Date): void {
    this.checkWritable();
    const v = this.revision(version);
    reviewVersion(v, 'approve', reviewer, note, STANDARD_REPLY_RULE, at);
    publishVersion(this.history, v, at);
    this.publishedVersion = v.version;
    this.text = v.text;
    this.updatedAt = at;
  }

  /** Back to its author as a draft, with the reviewer's reason; the live version is untouched. */
  reject(version: number, reviewer: AgentRef, reason: string, at: Date): void {
    this.checkWritable();
    reviewVersion(this.revision(version), 'reject', reviewer, reason, STANDARD_REPLY_RULE, at);
    this.updatedAt = at;
  }

  archive(at: Date): void {
    this.checkWritable();
    archiveVersions(this.history);
    this.archived = true;
    this.updatedAt = at;
  }

  private addDraft(text: string, author: AgentRef, at: Date): void {
    const draft: StandardReplyRevision = {
      version: this.latestVersion() + 1,
      text,
      status: VersionStatus.VERSION_STATUS_DRAFT,
      author,
      writtenAt: at.toISOString(),
    };
    this.history = [...this.history, draft];
    this.updatedAt = at;
  }

  private checkWritable(): void {
    if (this.archived)
      throw new RuleViolation(STANDARD_REPLY_RULE.archivedIsReadOnly, `standard reply ${this.id} is archived`);
  }
}

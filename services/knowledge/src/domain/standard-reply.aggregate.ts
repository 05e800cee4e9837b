import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { ConcurrentEdit } from '@cs/errors';

export interface StandardReplyRevision {
  version: number;
  text: string;
  author: AgentRef;
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

/** A standard reply (礼貌用语): every edit is a new version, the earlier ones stay readable. */
export class StandardReply {
  id!: string;
  kind!: StandardReplyKind;
  shortcode!: string;
  team!: string;
  /** The current version's text. */
  text!: string;
  /** Newest last. */
  history!: StandardReplyRevision[];
  updatedAt!: Date;
  version!: number;

  static create(facts: StandardReplyFacts): StandardReply {
    return Object.assign(new StandardReply(), {
      id: facts.id,
      kind: facts.kind,
      shortcode: facts.shortcode,
      team: facts.team,
      text: facts.text,
      history: [{ version: 1, text: facts.text, author: facts.author, writtenAt: facts.at.toISOString() }],
      updatedAt: facts.at,
      version: 1,
    });
  }

  /** A new version; refused when someone revised it after the version the editor read. */
  revise(text: string, expectedVersion: number, author: AgentRef, at: Date): void {
    if (expectedVersion !== this.currentVersion())
      throw new ConcurrentEdit(
        `standard reply ${this.id} is at version ${this.currentVersion()}, not ${expectedVersion}: reload it`,
      );
    this.text = text;
    this.history = [...this.history, { version: this.currentVersion() + 1, text, author, writtenAt: at.toISOString() }];
    this.updatedAt = at;
  }

  currentVersion(): number {
    return this.history.length;
  }
}

import type {
  StandardReplyVersion,
  StandardReply as StandardReplyView,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { placeholdersOf } from '../domain/reply-placeholders.rule.js';
import type { StandardReply, StandardReplyRevision } from '../domain/standard-reply.aggregate.js';
import { toTimestamp } from './timestamps.js';

/** Which versions the view carries: every one (editors), the live one (agents) or none (lists). */
export type HistoryShown = 'all' | 'published' | 'none';

const at = (iso: string | undefined) => (iso ? toTimestamp(iso) : undefined);

function versionView(v: StandardReplyRevision): StandardReplyVersion {
  return {
    version: v.version,
    text: v.text,
    author: v.author,
    writtenAt: at(v.writtenAt),
    status: v.status,
    submittedAt: at(v.submittedAt),
    reviewer: v.reviewer,
    reviewedAt: at(v.reviewedAt),
    reviewNote: v.reviewNote ?? '',
    publishedAt: at(v.publishAt),
  };
}

/** The proto view; `text` and the placeholders are the published version's. */
export function standardReplyView(reply: StandardReply, history: HistoryShown = 'none'): StandardReplyView {
  const published = reply.published();
  const shown = history === 'all' ? reply.history : history === 'published' && published ? [published] : [];
  return {
    replyId: reply.id,
    kind: reply.kind,
    shortcode: reply.shortcode,
    team: reply.team,
    text: reply.text,
    version: reply.latestVersion(),
    placeholders: placeholdersOf(reply.text),
    history: shown.map(versionView).reverse(),
    publishedVersion: reply.publishedVersion,
    latestStatus: reply.latest().status,
    archived: reply.archived,
  };
}

import type { StandardReply as StandardReplyView } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { placeholdersOf } from '../domain/reply-placeholders.rule.js';
import type { StandardReply } from '../domain/standard-reply.aggregate.js';

/** The proto view; the history only when asked for (GetStandardReply). */
export function standardReplyView(reply: StandardReply, withHistory = false): StandardReplyView {
  return {
    replyId: reply.id,
    kind: reply.kind,
    shortcode: reply.shortcode,
    team: reply.team,
    text: reply.text,
    version: reply.currentVersion(),
    placeholders: placeholdersOf(reply.text),
    history: withHistory
      ? reply.history
          .map((h) => ({
            version: h.version,
            text: h.text,
            author: h.author,
            writtenAt: { seconds: Math.floor(Date.parse(h.writtenAt) / 1000), nanos: 0 },
          }))
          .reverse()
      : [],
  };
}

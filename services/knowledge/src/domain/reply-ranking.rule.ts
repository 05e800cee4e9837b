import type { StandardReply } from './standard-reply.aggregate.js';

export interface RankedReply {
  reply: StandardReply;
  score: number;
}

/** How many standard replies a suggestion carries: an agent picks from a handful, not a list. */
export const REPLIES_SUGGESTED = 3;

/**
 * Standard replies for a question (rule: knowledge.suggestions.reply-ranking): ranked by the
 * question's words they share; the conversation's team's own reply before a shop-wide one of the
 * same score. Replies sharing no word are not suggested.
 */
export function rankReplies(
  questionTerms: readonly string[],
  replies: readonly StandardReply[],
  team: string,
  termsOf: (text: string) => string[],
): RankedReply[] {
  const wanted = new Set(questionTerms);
  const ranked: RankedReply[] = [];
  for (const reply of replies) {
    let shared = 0;
    for (const term of new Set(termsOf(reply.text))) if (wanted.has(term)) shared += 1;
    if (shared === 0) continue;
    ranked.push({ reply, score: shared + (team && reply.team === team ? 0.5 : 0) });
  }
  return ranked
    .sort((a, b) => b.score - a.score || a.reply.shortcode.localeCompare(b.reply.shortcode))
    .slice(0, REPLIES_SUGGESTED);
}

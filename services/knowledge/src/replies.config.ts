import { envVar } from '@cs/config';
import { DEFAULT_FORBIDDEN_TERMS, parseForbiddenTerms, type ReplyPhrase } from './domain/reply-check.rule.js';

/** The variables of standard replies, the reply check, suggestions and gaps (spread into knowledge's config). */
export const repliesEnvShape = {
  // The shop's forbidden list for the reply check: phrase=alternative pairs, comma-separated.
  KNOWLEDGE_FORBIDDEN_TERMS: envVar(
    'phrase=alternative pairs separated by commas, e.g. 最好=很好,第一=领先',
    parseForbiddenTerms,
  ).default([...DEFAULT_FORBIDDEN_TERMS]),
  // A question whose best article scores below this is a knowledge gap (0: only questions with no match at all).
  KNOWLEDGE_GAP_MIN_SCORE: envVar('a number ≥ 0', (raw) => {
    const value = Number(raw);
    return raw.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
  }).default(0),
};

/** What the replies part reads from the service's configuration. */
export interface RepliesConfig {
  knowledgeForbiddenTerms: readonly ReplyPhrase[];
  knowledgeGapMinScore: number;
}

import type { ArticleSuggestion, ReplySuggestion } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { isUnanswered } from '../domain/gap-similarity.rule.js';
import { rankReplies } from '../domain/reply-ranking.rule.js';
import { queryTerms, segment } from '../domain/segmenter.js';
import { listForTeam } from '../infrastructure/standard-reply.repository.js';
import type { RepliesConfig } from '../replies.config.js';
import { ArticleSearch } from './article-search.js';

/** How many articles a suggestion carries. */
export const ARTICLES_SUGGESTED = 3;

export interface Suggestions {
  articles: ArticleSuggestion[];
  replies: ReplySuggestion[];
  /** The question's words, for gap grouping. */
  terms: string[];
  isGap: boolean;
}

/** The best published articles and standard replies for a customer's question (search + ranking). */
@Injectable()
export class SuggestionEngine {
  private readonly minimumScore: number;

  constructor(
    private readonly search: ArticleSearch,
    @Inject(CONFIG) config: RepliesConfig,
  ) {
    this.minimumScore = config.knowledgeGapMinScore;
  }

  async suggest(em: EntityManager, question: { text: string; team: string; locale?: string }): Promise<Suggestions> {
    const terms = segment(question.text);
    const hits =
      terms.length === 0
        ? []
        : await this.search.search({
            text: question.text,
            locale: question.locale || undefined,
            limit: ARTICLES_SUGGESTED,
          });
    const replies = rankReplies(
      queryTerms(question.text),
      await listForTeam(em, question.team),
      question.team,
      segment,
    );
    return {
      articles: hits.map((hit) => ({ ...hit })),
      replies: replies.map(({ reply, score }) => ({
        replyId: reply.id,
        shortcode: reply.shortcode,
        kind: reply.kind,
        text: reply.text,
        score,
      })),
      terms: [...new Set(terms)],
      isGap: isUnanswered(terms, hits[0]?.score, this.minimumScore),
    };
  }
}

import type { Gap } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import type { KnowledgeGap } from '../domain/knowledge-gap.aggregate.js';

const timestamp = (at: Date) => ({
  seconds: Math.floor(at.getTime() / 1000),
  nanos: (at.getTime() % 1000) * 1_000_000,
});

export function gapView(gap: KnowledgeGap): Gap {
  return {
    gapId: gap.id,
    question: gap.question,
    count: gap.count,
    examples: gap.examples.map((e) => ({
      conversationId: e.conversationId,
      messageId: e.messageId,
      text: e.text,
      askedAt: timestamp(new Date(e.askedAt)),
    })),
    status: gap.status,
    draftArticleId: gap.draftArticleId ?? '',
    firstAskedAt: timestamp(gap.firstAskedAt),
    lastAskedAt: timestamp(gap.lastAskedAt),
  };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conversation } from '../domain/conversation.aggregate.js';
import { ConversationReader } from './conversation.reader.js';
import type { ConversationFigures } from './conversation-figures.js';

// Reports read at most this many conversations per request; a longer period is asked in parts.
export const REPORT_LIMIT = 50_000;

/** Conversations opened in [from, to) with their SLA clocks read now. */
@Injectable()
export class ConversationFiguresLoader {
  constructor(private readonly reader: ConversationReader) {}

  async load(
    em: EntityManager,
    from: Date,
    to: Date,
    where: Record<string, unknown> = {},
  ): Promise<ConversationFigures[]> {
    const conversations = await em.find(
      Conversation,
      { openedAt: { $gte: from, $lt: to }, ...where },
      { orderBy: { openedAt: 'asc', id: 'asc' }, limit: REPORT_LIMIT },
    );
    const now = new Date();
    const lookup = await this.reader.targetsLookup(em);
    const out: ConversationFigures[] = [];
    for (const conversation of conversations) {
      out.push({ conversation, clocks: await this.reader.clocks(em, conversation, now, lookup) });
    }
    return out;
  }
}

import { type EventContext, OnEvent } from '@cs/bus';
import type { SuggestionsMade } from '@cs/contracts/cs/knowledge/v1/suggestion_events';
import { Controller } from '@nestjs/common';
import { StoreSuggestionsHandler } from '../application/store-suggestions.handler.js';

// The subject below names a durable consumer (inquiry + subject): a persisted contract, do not rename.

/** Knowledge's suggestions for customer messages: translation only, written with ctx.em. */
@Controller()
export class KnowledgeEventsController {
  constructor(private readonly storeSuggestions: StoreSuggestionsHandler) {}

  @OnEvent('cs.knowledge.suggestions.made')
  async onSuggestionsMade(event: SuggestionsMade, ctx: EventContext): Promise<void> {
    await this.storeSuggestions.execute(ctx.em, event);
  }
}

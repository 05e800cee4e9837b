import type { SuggestRequest, SuggestResponse } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkTeam } from './standard-reply.validator.js';
import { SuggestionEngine } from './suggestion.engine.js';

const TEXT_MAX = 2000;
const LOCALES = ['', 'zh-CN', 'en'];

/** Suggestions for a question an agent pastes in: records nothing (gaps come from conversations). */
@Injectable()
export class SuggestHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly engine: SuggestionEngine,
  ) {}

  async execute(request: SuggestRequest): Promise<SuggestResponse> {
    const violations = new Violations().require('text', request.text);
    if (request.text.length > TEXT_MAX) violations.add('text', `must be at most ${TEXT_MAX} characters`);
    checkTeam(request.team, violations);
    if (!LOCALES.includes(request.locale)) violations.add('locale', 'must be zh-CN or en (or empty for any)');
    violations.throwIfAny();
    const { articles, replies, isGap } = await this.engine.suggest(this.orm.em.fork(), request);
    return { articles, replies, isGap };
  }
}

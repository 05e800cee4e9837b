import type {
  RenderStandardReplyRequest,
  RenderStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { renderReply } from '../domain/reply-placeholders.rule.js';
import { findLiveByShortcode } from '../infrastructure/standard-reply.repository.js';
import { checkShortcode, checkTeam } from './standard-reply.validator.js';

const VALUE_MAX = 200;

/** The team's live reply for a shortcode (else the shop-wide one) with its placeholders filled in. */
@Injectable()
export class RenderStandardReplyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RenderStandardReplyRequest): Promise<RenderStandardReplyResponse> {
    const violations = new Violations();
    checkShortcode(request.shortcode, violations);
    checkTeam(request.team, violations);
    for (const [name, value] of Object.entries(request.values))
      if (value.length > VALUE_MAX) violations.add(`values.${name}`, `must be at most ${VALUE_MAX} characters`);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const reply =
      (request.team ? await findLiveByShortcode(em, request.team, request.shortcode) : null) ??
      (await findLiveByShortcode(em, '', request.shortcode));
    if (!reply) throw new NotFound('standard reply', `/${request.shortcode}`);
    const rendered = renderReply(reply.text, request.values);
    return { text: rendered.text, missing: rendered.missing, replyId: reply.id, version: reply.publishedVersion };
  }
}

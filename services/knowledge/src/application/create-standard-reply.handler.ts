import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  CreateStandardReplyRequest,
  CreateStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { RuleViolation, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { StandardReply } from '../domain/standard-reply.aggregate.js';
import { findByShortcode } from '../infrastructure/standard-reply.repository.js';
import {
  checkIdempotencyKey,
  checkKind,
  checkReplyText,
  checkShortcode,
  checkTeam,
} from './standard-reply.validator.js';
import { standardReplyView } from './standard-reply.view.js';

export const SHORTCODE_TAKEN = 'knowledge.replies.shortcode-unique-per-team';

/** A new standard reply, version 1 as a draft; its shortcode is the team's own. */
@Injectable()
export class CreateStandardReplyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: CreateStandardReplyRequest, author: AgentRef): Promise<CreateStandardReplyResponse> {
    const violations = new Violations();
    checkKind(request.kind, violations);
    checkShortcode(request.shortcode, violations);
    checkTeam(request.team, violations);
    checkReplyText(request.text, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const acting = { ...request, author };
    return runIdempotent(this.orm, 'CreateStandardReply', acting, async (em) => {
      if (await findByShortcode(em, request.team, request.shortcode))
        throw new RuleViolation(
          SHORTCODE_TAKEN,
          `team "${request.team}" already has a standard reply with shortcode ${request.shortcode}`,
        );
      const reply = StandardReply.create({
        id: randomUUID(),
        kind: request.kind,
        shortcode: request.shortcode,
        team: request.team,
        text: request.text,
        author,
        at: new Date(),
      });
      em.persist(reply);
      await em.flush();
      return { response: { reply: standardReplyView(reply, 'all') } };
    });
  }
}

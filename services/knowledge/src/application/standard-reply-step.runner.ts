import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { StandardReply as StandardReplyMessage } from '@cs/contracts/cs/knowledge/v1/replies_service';
import type { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StandardReply } from '../domain/standard-reply.aggregate.js';
import { loadStandardReply } from '../infrastructure/standard-reply.repository.js';
import { actingRequest } from './acting-request.js';
import { standardReplyView } from './standard-reply.view.js';

export interface StandardReplyStepRequest {
  replyId: string;
  idempotencyKey: string;
}

export type StandardReplyStep = (reply: StandardReply, at: Date) => void;
/** Events of the step, written after the flush so they carry the new revision. */
export type StandardReplyAfterStep = (reply: StandardReply, em: EntityManager) => Promise<void>;

/**
 * The shape every review step on a standard reply shares (as ArticleStepRunner for articles):
 * load, let the domain act, save and write the event in one transaction. The outcome is stored
 * under the idempotency key: a retry gets the first response back, not a version-flow refusal.
 */
@Injectable()
export class StandardReplyStepRunner {
  constructor(private readonly orm: MikroORM) {}

  async run(
    operation: string,
    request: StandardReplyStepRequest,
    actor: AgentRef,
    violations: Violations,
    step: StandardReplyStep,
    after?: StandardReplyAfterStep,
  ): Promise<{ reply: StandardReplyMessage }> {
    violations.throwIfAny();
    return runIdempotent(this.orm, operation, actingRequest(request, actor), async (em) => {
      const reply = await loadStandardReply(em, request.replyId);
      step(reply, new Date());
      await em.flush();
      await after?.(reply, em);
      return { response: { reply: standardReplyView(reply, 'all') } };
    });
  }
}

import type { Actor } from '@cs/auth';
import type {
  RegisterProductFeedbackRequest,
  RegisterProductFeedbackResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { checkIdempotencyKey, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkText } from './field-checks.js';
import { ensureInScope, refOf, scopeOf } from './staff-scope.js';

/**
 * A customer's product-improvement suggestion, for the half-month report to the supervisor. Registered
 * from a conversation, the caller must be allowed to act on it.
 */
@Injectable()
export class RegisterProductFeedbackHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RegisterProductFeedbackRequest, actor: Actor): Promise<RegisterProductFeedbackResponse> {
    const violations = new Violations();
    checkText('product', request.product, violations, { max: 200 });
    checkText('suggestion', request.suggestion, violations, { max: 5000 });
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const asked = { ...request, actedBy: actor.agentId };
    return runIdempotent(this.orm, 'RegisterProductFeedback', asked, async (em) => {
      if (request.conversationId) ensureInScope(scope, await loadConversation(em, request.conversationId));
      const feedbackId = await DeskStore.saveFeedback(em, {
        product: request.product.trim(),
        suggestion: request.suggestion,
        conversationId: request.conversationId || null,
        agent: refOf(actor),
      });
      return { response: { feedbackId } };
    });
  }
}

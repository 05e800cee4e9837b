import type {
  RegisterProductFeedbackRequest,
  RegisterProductFeedbackResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkAgent, checkIdempotencyKey, checkText } from './field-checks.js';

/** A customer's product-improvement suggestion, for the half-month report to the supervisor. */
@Injectable()
export class RegisterProductFeedbackHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RegisterProductFeedbackRequest): Promise<RegisterProductFeedbackResponse> {
    const violations = new Violations();
    checkText('product', request.product, violations, { max: 200 });
    checkText('suggestion', request.suggestion, violations, { max: 5000 });
    checkAgent('agent', request.agent, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'RegisterProductFeedback', request, async (em) => {
      if (request.conversationId) await loadConversation(em, request.conversationId);
      const feedbackId = await DeskStore.saveFeedback(em, {
        product: request.product.trim(),
        suggestion: request.suggestion,
        conversationId: request.conversationId || null,
        agent: request.agent!,
      });
      return { response: { feedbackId } };
    });
  }
}

import type { Actor } from '@cs/auth';
import type {
  CompleteFollowUpTaskRequest,
  CompleteFollowUpTaskResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { NotFound, PermissionDenied, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { followUpScopeOf } from '../domain/follow-up-access.rule.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkText } from './field-checks.js';
import { askedBy, onceByKey } from './once-by-key.js';
import { refOf, viewerOf } from './staff-scope.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agent asked about the payment method or problems paying; what the customer said is kept. */
@Injectable()
export class CompleteFollowUpTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: CompleteFollowUpTaskRequest, actor: Actor): Promise<CompleteFollowUpTaskResponse> {
    const violations = new Violations().require('task_id', request.taskId);
    checkText('outcome', request.outcome, violations, { max: 2000 });
    violations.throwIfAny();
    const scope = followUpScopeOf(await viewerOf(this.orm.em.fork(), actor));
    if (!uuidPattern.test(request.taskId)) throw new NotFound('follow-up task', request.taskId);
    // Refusals are thrown inside: nothing is stored under the key, a retry is refused the same way.
    return onceByKey(this.orm, 'CompleteFollowUpTask', askedBy(request, actor), async (em) => {
      const done = await DeskStore.completeFollowUp(em, request.taskId, scope, refOf(actor), request.outcome);
      if (!done) throw new NotFound('follow-up task', request.taskId);
      if (!done.visible)
        throw new PermissionDenied(
          `follow-up task ${request.taskId}: 催付 is the pre-sales team's, or yours once the customer's conversation is`,
        );
      return { task: done.task };
    });
  }
}

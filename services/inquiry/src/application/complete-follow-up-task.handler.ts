import type { Actor } from '@cs/auth';
import type {
  CompleteFollowUpTaskRequest,
  CompleteFollowUpTaskResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { NotFound, PermissionDenied, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { followUpScopeOf } from '../domain/follow-up-access.rule.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkText } from './field-checks.js';
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
    const done = uuidPattern.test(request.taskId)
      ? await transactionWithRetry(this.orm, (em) =>
          DeskStore.completeFollowUp(em, request.taskId, scope, refOf(actor), request.outcome),
        )
      : undefined;
    if (!done) throw new NotFound('follow-up task', request.taskId);
    if (!done.visible)
      throw new PermissionDenied(
        `follow-up task ${request.taskId}: 催付 is the pre-sales team's, or yours once the customer's conversation is`,
      );
    return { task: done.task };
  }
}

import type {
  CompleteFollowUpTaskRequest,
  CompleteFollowUpTaskResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkAgent, checkText } from './field-checks.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agent asked about the payment method or problems paying; what the customer said is kept. */
@Injectable()
export class CompleteFollowUpTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: CompleteFollowUpTaskRequest): Promise<CompleteFollowUpTaskResponse> {
    const violations = new Violations().require('task_id', request.taskId);
    checkAgent('agent', request.agent, violations);
    checkText('outcome', request.outcome, violations, { max: 2000 });
    violations.throwIfAny();
    const done = uuidPattern.test(request.taskId)
      ? await transactionWithRetry(this.orm, (em) =>
          DeskStore.completeFollowUp(em, request.taskId, request.agent!, request.outcome),
        )
      : undefined;
    if (!done) throw new NotFound('follow-up task', request.taskId);
    return { task: done.task };
  }
}

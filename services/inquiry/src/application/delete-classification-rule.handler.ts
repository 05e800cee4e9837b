import type {
  DeleteClassificationRuleRequest,
  DeleteClassificationRuleResponse,
} from '@cs/contracts/cs/inquiry/v1/rules_service';
import { NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';

@Injectable()
export class DeleteClassificationRuleHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: DeleteClassificationRuleRequest): Promise<DeleteClassificationRuleResponse> {
    new Violations().require('rule_id', request.ruleId).throwIfAny();
    const deleted = await transactionWithRetry(this.orm, (em) => RuleStore.deleteRule(em, request.ruleId));
    if (!deleted) throw new NotFound('classification rule', request.ruleId);
    return {};
  }
}

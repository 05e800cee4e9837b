import type { Actor } from '@cs/auth';
import type {
  DeleteClassificationRuleRequest,
  DeleteClassificationRuleResponse,
} from '@cs/contracts/cs/inquiry/v1/rules_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';
import { askedBy, onceByKey } from './once-by-key.js';

@Injectable()
export class DeleteClassificationRuleHandler {
  constructor(private readonly orm: MikroORM) {}

  /** Under a key, a retry after the rule is gone answers as the first call did, not NOT_FOUND. */
  async execute(request: DeleteClassificationRuleRequest, actor?: Actor): Promise<DeleteClassificationRuleResponse> {
    new Violations().require('rule_id', request.ruleId).throwIfAny();
    return onceByKey(this.orm, 'DeleteClassificationRule', askedBy(request, actor), async (em) => {
      if (!(await RuleStore.deleteRule(em, request.ruleId))) throw new NotFound('classification rule', request.ruleId);
      return {};
    });
  }
}

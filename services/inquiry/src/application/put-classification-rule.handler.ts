import { randomUUID } from 'node:crypto';
import type {
  PutClassificationRuleRequest,
  PutClassificationRuleResponse,
} from '@cs/contracts/cs/inquiry/v1/rules_service';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';
import { validateClassificationRule } from './classification-rule.validator.js';
import { ruleView } from './rule.view.js';

/** A rule takes effect with the next message: no deploy. */
@Injectable()
export class PutClassificationRuleHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: PutClassificationRuleRequest): Promise<PutClassificationRuleResponse> {
    const rule = validateClassificationRule(request.rule);
    const saved = await transactionWithRetry(this.orm, (em) =>
      RuleStore.putRule(em, { ...rule, ruleId: rule.ruleId || randomUUID() }),
    );
    return { rule: ruleView(saved) };
  }
}

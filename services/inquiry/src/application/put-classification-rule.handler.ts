import { randomUUID } from 'node:crypto';
import type { Actor } from '@cs/auth';
import type {
  PutClassificationRuleRequest,
  PutClassificationRuleResponse,
} from '@cs/contracts/cs/inquiry/v1/rules_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';
import { validateClassificationRule } from './classification-rule.validator.js';
import { askedBy, onceByKey } from './once-by-key.js';
import { ruleView } from './rule.view.js';

/** A rule takes effect with the next message: no deploy. */
@Injectable()
export class PutClassificationRuleHandler {
  constructor(private readonly orm: MikroORM) {}

  /** Under a key, a retry of a new rule (no id given) returns the first rule instead of adding another. */
  async execute(request: PutClassificationRuleRequest, actor?: Actor): Promise<PutClassificationRuleResponse> {
    const rule = validateClassificationRule(request.rule);
    return onceByKey(this.orm, 'PutClassificationRule', askedBy(request, actor), async (em) => ({
      rule: ruleView(await RuleStore.putRule(em, { ...rule, ruleId: rule.ruleId || randomUUID() })),
    }));
  }
}

import type { TestClassificationRequest, TestClassificationResponse } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { classify } from '../domain/classification.rule.js';
import { RuleStore } from '../infrastructure/rule.store.js';
import { checkText } from './field-checks.js';

/** What the current rules make of a text, before a supervisor saves a change. */
@Injectable()
export class TestClassificationHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: TestClassificationRequest): Promise<TestClassificationResponse> {
    const violations = new Violations();
    checkText('text', request.text, violations);
    violations.throwIfAny();
    const result = classify(request.text, await RuleStore.rules(this.orm.em.fork()));
    return { conversationClass: result.conversationClass, ruleId: result.ruleId ?? '' };
  }
}

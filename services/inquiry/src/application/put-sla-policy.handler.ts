import { ConversationClass, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { PutSlaPolicyRequest, PutSlaPolicyResponse } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';
import { recheckSlaOfPolicy } from '../infrastructure/sla-due.sql.js';

const week = 7 * 24 * 60;

/** Targets per class and priority, in business minutes; open conversations are measured against them at once. */
@Injectable()
export class PutSlaPolicyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: PutSlaPolicyRequest): Promise<PutSlaPolicyResponse> {
    const violations = new Violations();
    const p = request.policy;
    if (!p) violations.add('policy', 'is required').throwIfAny();
    checkEnum(p!.conversationClass, knownValues(ConversationClass), 'policy.conversation_class', violations);
    checkEnum(p!.priority, knownValues(Priority), 'policy.priority', violations);
    for (const [field, value] of [
      ['policy.first_response_minutes', p!.firstResponseMinutes],
      ['policy.next_response_minutes', p!.nextResponseMinutes],
      ['policy.resolution_minutes', p!.resolutionMinutes],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > week) violations.add(field, `must be 1..${week} minutes`);
    }
    violations.throwIfAny();
    const policy = await transactionWithRetry(this.orm, async (em) => {
      const stored = await RuleStore.putPolicy(em, p!);
      // The stored due times were computed with the old targets.
      await recheckSlaOfPolicy(em, stored.conversationClass, stored.priority);
      return stored;
    });
    return { policy };
  }
}

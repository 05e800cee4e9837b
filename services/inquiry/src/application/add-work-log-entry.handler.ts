import type { AddWorkLogEntryRequest, AddWorkLogEntryResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkAgent, checkIdempotencyKey, checkText } from './field-checks.js';

/** A line in the agent's daily work log (工作日志). */
@Injectable()
export class AddWorkLogEntryHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: AddWorkLogEntryRequest): Promise<AddWorkLogEntryResponse> {
    const violations = new Violations();
    checkAgent('agent', request.agent, violations);
    checkText('text', request.text, violations, { max: 5000 });
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'AddWorkLogEntry', request, async (em) => ({
      response: { entryId: await DeskStore.addWorkLog(em, request.agent!.agentId, request.text) },
    }));
  }
}

import type { Actor } from '@cs/auth';
import type { AddWorkLogEntryRequest, AddWorkLogEntryResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { checkIdempotencyKey, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkText } from './field-checks.js';

/** A line in the caller's own daily work log (工作日志). */
@Injectable()
export class AddWorkLogEntryHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: AddWorkLogEntryRequest, actor: Actor): Promise<AddWorkLogEntryResponse> {
    const violations = new Violations();
    checkText('text', request.text, violations, { max: 5000 });
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    // The same key from another agent is another request.
    const asked = { ...request, actedBy: actor.agentId };
    return runIdempotent(this.orm, 'AddWorkLogEntry', asked, async (em) => ({
      response: { entryId: await DeskStore.addWorkLog(em, actor.agentId, request.text) },
    }));
  }
}

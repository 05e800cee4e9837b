import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  DefineRootCauseRequest,
  DefineRootCauseResponse,
} from '@cs/contracts/cs/complaints/v1/root_causes_service';
import { checkIdempotencyKey, checkLength, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RootCauseRepository } from '../infrastructure/root-cause.repository.js';
import { actingRequest } from './acting-request.js';
import { rootCauseEntry } from './list-root-causes.handler.js';
import { checkRootCause } from './root-cause.checks.js';

/** A manager extends the taxonomy (or brings a retired cause back with a new description). */
@Injectable()
export class DefineRootCauseHandler {
  constructor(private readonly orm: MikroORM) {}

  execute(request: DefineRootCauseRequest, agent: AgentRef): Promise<DefineRootCauseResponse> {
    const violations = new Violations();
    checkRootCause(request.cause, 'cause', violations);
    checkLength(request.description, 'description', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'DefineRootCause', actingRequest(request, agent), async (em) => {
      const row = await RootCauseRepository.define(em, request.cause!, request.description);
      return { response: { entry: rootCauseEntry(row) } };
    });
  }
}

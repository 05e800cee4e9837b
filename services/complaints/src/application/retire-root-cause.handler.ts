import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RetireRootCauseRequest,
  RetireRootCauseResponse,
} from '@cs/contracts/cs/complaints/v1/root_causes_service';
import { checkIdempotencyKey, NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RootCauseRepository } from '../infrastructure/root-cause.repository.js';
import { actingRequest } from './acting-request.js';
import { rootCauseEntry } from './list-root-causes.handler.js';
import { checkRootCause } from './root-cause.checks.js';

/** A retired cause is refused in new analyses; files that used it keep it. */
@Injectable()
export class RetireRootCauseHandler {
  constructor(private readonly orm: MikroORM) {}

  execute(request: RetireRootCauseRequest, agent: AgentRef): Promise<RetireRootCauseResponse> {
    const violations = new Violations();
    checkRootCause(request.cause, 'cause', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'RetireRootCause', actingRequest(request, agent), async (em) => {
      const cause = request.cause!;
      const row = await RootCauseRepository.retire(em, cause);
      if (!row) throw new NotFound('root cause', `${cause.type}/${cause.category}/${cause.subcategory}`);
      return { response: { entry: rootCauseEntry(row) } };
    });
  }
}

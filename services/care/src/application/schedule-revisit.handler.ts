import type { Actor } from '@cs/auth';
import type { ScheduleRevisitRequest, ScheduleRevisitResponse } from '@cs/contracts/cs/care/v1/revisits_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { checkCustomerId, checkLength } from './field-checks.js';
import { revisitToProto } from './revisit-mapping.js';
import { RevisitPlanner } from './revisit-planner.js';
import { fromTimestamp } from './timestamps.js';

/** A revisit a care agent schedules by hand; one per idempotency key. */
@Injectable()
export class ScheduleRevisitHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
    private readonly planner: RevisitPlanner,
  ) {}

  execute(request: ScheduleRevisitRequest, actor: Actor): Promise<ScheduleRevisitResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    const dueAt = fromTimestamp(request.dueAt);
    if (!dueAt) violations.add('due_at', 'is required');
    else if (Math.abs(dueAt.getTime() - Date.now()) > 366 * 86_400_000)
      violations.add('due_at', 'must be within a year from now');
    checkLength(violations, 'note', request.note, 1, 500);
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'ScheduleRevisit', request, async (em) => {
      if (!(await this.profiles.find(em, request.customerId))) throw new NotFound('customer', request.customerId);
      const revisit = await this.planner.schedule(
        em,
        {
          customerId: request.customerId,
          reason: 'manual',
          sourceKind: 'manual',
          sourceId: `${actor.agentId}:${request.idempotencyKey}`,
          dueAt: dueAt as Date,
          note: request.note.trim(),
        },
        new Date(),
      );
      if (!revisit) return { error: { rule: 'one-revisit-per-source', message: 'this revisit was scheduled already' } };
      return { response: { revisit: revisitToProto(revisit) } };
    });
  }
}

import {
  ChaseParty,
  type RecordChaseRequest,
  type RecordChaseResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkEnum, checkIdempotencyKey, checkLength, checkTimestamp, knownValues, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Shipment } from '../domain/shipment.entity.js';
import { loadChaseTask } from '../infrastructure/chase-task.repository.js';
import { actingRequest } from './acting-request.js';
import { chaseTaskView } from './chase-task.view.js';
import { runCommandOnce } from './idempotent-command.js';
import { fromTimestamp } from './timestamps.js';

/** One chase of the courier or the customer about a silent parcel: who, when, with whom, what was said. */
@Injectable()
export class RecordChaseHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller: the chase records who chased. */
  execute(request: RecordChaseRequest, agent: AgentRef): Promise<RecordChaseResponse> {
    const violations = new Violations().require('chase_task_id', request.chaseTaskId);
    checkEnum(request.party, knownValues(ChaseParty), 'party', violations);
    checkLength(request.contact, 'contact', 64, violations);
    violations.require('said', request.said, 'is required: what the courier or customer was told or said');
    checkLength(request.said, 'said', 500, violations);
    checkTimestamp(request.chasedAt, 'chased_at', violations, false);
    if (request.chasedAt && request.chasedAt.seconds * 1000 > Date.now() + 5 * 60_000)
      violations.add('chased_at', 'must not be in the future');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runCommandOnce(this.orm, 'RecordChase', actingRequest(request, agent), async (em) => {
      const task = await loadChaseTask(em, request.chaseTaskId);
      const now = new Date();
      task.recordChase(
        { party: request.party, contact: request.contact, said: request.said, by: agent },
        request.chasedAt ? fromTimestamp(request.chasedAt) : now,
      );
      await em.flush();
      const shipment = await em.findOne(Shipment, { trackingNumber: task.trackingNumber });
      return { response: { task: chaseTaskView(task, shipment ?? undefined, now) } };
    });
  }
}

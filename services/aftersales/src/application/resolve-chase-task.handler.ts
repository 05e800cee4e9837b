import { CaseKind, CaseState, OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import {
  ChaseResolution,
  type ResolveChaseTaskRequest,
  type ResolveChaseTaskResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkEnum, checkIdempotencyKey, checkLength, knownValues, Violations } from '@cs/errors';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import type { ConcreteCaseKind } from '../domain/case-lifecycle.js';
import { caseKindForChaseResolution, linkableCaseStates } from '../domain/chase-resolution.rule.js';
import type { ChaseTask } from '../domain/chase-task.aggregate.js';
import { Shipment } from '../domain/shipment.entity.js';
import { loadChaseTask } from '../infrastructure/chase-task.repository.js';
import { actingRequest } from './acting-request.js';
import { writeCaseEvents } from './case.events.js';
import { caseView } from './case.view.js';
import { openCase } from './case-opening.js';
import { writeChaseTaskEvent } from './chase-task.events.js';
import { chaseTaskView } from './chase-task.view.js';
import { runCommandOnce } from './idempotent-command.js';

const caseReason: Record<string, string> = {
  [CaseKind.CASE_KIND_PARCEL_PROBLEM]: '查件：快递丢件 (parcel lost, found by chasing)',
  [CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME]: '查件：物流停滞，延长收货时间 (receipt time extended while chasing)',
};

/**
 * Ends a chase: tracking resumed; parcel lost → the order's open parcel-problem case is linked or
 * one is opened; receipt time extended → the order's extend-receipt-time case (or a new one) is
 * taken to completed. Task, case and events commit together.
 */
@Injectable()
export class ResolveChaseTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller: it resolves the task and acts on the case. */
  execute(request: ResolveChaseTaskRequest, agent: AgentRef): Promise<ResolveChaseTaskResponse> {
    const violations = new Violations().require('chase_task_id', request.chaseTaskId);
    checkEnum(request.resolution, knownValues(ChaseResolution), 'resolution', violations);
    checkLength(request.note, 'note', 500, violations);
    if (request.resolution === ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED) {
      if (
        !Number.isInteger(request.extendReceiptDays) ||
        request.extendReceiptDays < 1 ||
        request.extendReceiptDays > 30
      )
        violations.add('extend_receipt_days', 'must be 1..30 days when receipt time was extended');
    } else if (request.extendReceiptDays !== 0) {
      violations.add('extend_receipt_days', 'is only for RECEIPT_TIME_EXTENDED');
    }
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runCommandOnce(this.orm, 'ResolveChaseTask', actingRequest(request, agent), async (em) => {
      const task = await loadChaseTask(em, request.chaseTaskId);
      const now = new Date();
      const kind = caseKindForChaseResolution(request.resolution);
      // The task's own rule first, so a resolved task opens no case.
      task.ensureUnresolved();
      const kase = kind ? await this.caseFor(em, task, kind, request, agent, now) : undefined;
      task.resolve(request.resolution, now, { by: agent, note: request.note, caseId: kase?.id });
      await em.flush();
      const shipment = (await em.findOne(Shipment, { trackingNumber: task.trackingNumber })) ?? undefined;
      await writeChaseTaskEvent(em, 'cs.aftersales.chase_task.resolved', task, shipment, now);
      return {
        response: { task: chaseTaskView(task, shipment, now), case: kase ? caseView(kase, now) : undefined },
      };
    });
  }

  private async caseFor(
    em: EntityManager,
    task: ChaseTask,
    kind: ConcreteCaseKind,
    request: ResolveChaseTaskRequest,
    agent: AgentRef,
    at: Date,
  ): Promise<AftersalesCase> {
    const extension = kind === CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME;
    let kase = await em.findOne(
      AftersalesCase,
      { orderId: task.orderId, kind, state: { $in: linkableCaseStates(kind) } },
      { orderBy: { openedAt: 'desc' } },
    );
    if (!kase) {
      ({ kase } = await openCase(
        em,
        {
          kind,
          customer: task.customer,
          orderId: task.orderId,
          origin: { source: OriginSource.ORIGIN_SOURCE_AGENT, reference: task.id },
          originKey: `chase:${task.id}:${kind}`,
          reason: [caseReason[kind], request.note].filter(Boolean).join(' — '),
          qualityProblem: false,
          parcelProblem: extension ? ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED : ParcelProblem.PARCEL_PROBLEM_LOST,
          items: [],
          extendReceiptDays: extension ? request.extendReceiptDays : 0,
          openedBy: agent,
        },
        at,
      ));
    }
    if (extension) {
      // The extension is done on the marketplace: record it as the case's step to completed.
      const historyBefore = kase.history.length;
      const note = `已延长收货时间 ${request.extendReceiptDays} 天 (chase task ${task.id})`;
      if (kase.state === CaseState.CASE_STATE_REQUESTED) kase.approve(agent, at, note);
      kase.complete(agent, at, note);
      await em.flush();
      await writeCaseEvents(em, kase, historyBefore);
    }
    return kase;
  }
}

import type { AftersalesCase as CaseMessage } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ConcurrentEdit, checkIdempotencyKey, Violations } from '@cs/errors';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { loadCase } from '../infrastructure/case.repository.js';
import { actingRequest } from './acting-request.js';
import { writeCaseEvents } from './case.events.js';
import { caseView } from './case.view.js';
import { checkExpectedVersion } from './field-checks.js';
import { runCommandOnce } from './idempotent-command.js';

export interface CaseStepRequest {
  caseId: string;
  expectedVersion?: number | undefined;
  idempotencyKey: string;
}

export type CaseStep = (kase: AftersalesCase, agent: AgentRef, at: Date, em: EntityManager) => Promise<void> | void;

/**
 * The shape every step on a case shares: validate, load, check the version the agent saw, let
 * the domain take the step, save, and write the events of the step, all in one transaction. The
 * outcome is stored under the request's idempotency key: a retry after a lost reply gets the first
 * response back (and no second event) instead of a lifecycle refusal, and a refused step's retry
 * gets the same refusal back (see idempotent-command.ts).
 */
@Injectable()
export class CaseStepRunner {
  constructor(private readonly orm: MikroORM) {}

  /** Starts the violations of a step request with the fields every step has. */
  static violations(request: CaseStepRequest): Violations {
    const violations = new Violations().require('case_id', request.caseId);
    checkExpectedVersion(request.expectedVersion, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return violations;
  }

  /**
   * `operation` names the step in the idempotency store: keys are unique per operation. `agent` is
   * the verified caller, who takes the step.
   */
  async run(
    operation: string,
    request: CaseStepRequest,
    agent: AgentRef,
    violations: Violations,
    step: CaseStep,
  ): Promise<{ case: CaseMessage }> {
    violations.throwIfAny();
    return runCommandOnce(this.orm, operation, actingRequest(request, agent), async (em) => {
      const kase = await loadCase(em, request.caseId);
      if (request.expectedVersion !== undefined && request.expectedVersion !== kase.version) {
        throw new ConcurrentEdit(
          `case ${kase.id} changed since you read it (now version ${kase.version}, you had ${request.expectedVersion}): reload and decide again`,
        );
      }
      const historyBefore = kase.history.length;
      await step(kase, agent, new Date(), em);
      await em.flush();
      await writeCaseEvents(em, kase, historyBefore);
      return { response: { case: caseView(kase) } };
    });
  }
}

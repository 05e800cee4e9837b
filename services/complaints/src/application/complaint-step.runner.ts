import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Complaint as ComplaintMessage } from '@cs/contracts/cs/complaints/v1/complaint';
import { ConcurrentEdit, checkIdempotencyKey, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Complaint } from '../domain/complaint.aggregate.js';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { actingRequest } from './acting-request.js';
import { writeComplaintEvents } from './complaint.events.js';
import { complaintView } from './complaint.view.js';
import { StepDeadlines } from './step-deadlines.js';

export interface ComplaintStepRequest {
  complaintId: string;
  /** 0 (unset): no check; else the version the caller read. */
  expectedVersion?: number;
  idempotencyKey: string;
}

export type ComplaintStep = (
  complaint: Complaint,
  agent: AgentRef,
  at: Date,
  em: EntityManager,
) => Promise<void> | void;

/**
 * The shape every step on a file shares: validate, load, check the version the caller saw, let the
 * domain take the step, set the new step's deadline, save the file and its step rows, and write the
 * step's events, all in one transaction. The outcome is stored under the idempotency key: a retry
 * after a lost reply gets the first response back (and no second event).
 */
@Injectable()
export class ComplaintStepRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly deadlines: StepDeadlines,
  ) {}

  /** Starts the violations of a step request with the fields every step has. */
  static violations(request: ComplaintStepRequest): Violations {
    const violations = new Violations().require('complaint_id', request.complaintId);
    const expected = request.expectedVersion ?? 0;
    if (!Number.isSafeInteger(expected) || expected < 0)
      violations.add('expected_version', 'must be a version returned by GetComplaint (or 0 for no check)');
    checkIdempotencyKey(request.idempotencyKey, violations);
    return violations;
  }

  /** `operation` names the step in the idempotency store; `agent` is the verified caller. */
  async run(
    operation: string,
    request: ComplaintStepRequest,
    agent: AgentRef,
    violations: Violations,
    step: ComplaintStep,
  ): Promise<{ complaint: ComplaintMessage }> {
    violations.throwIfAny();
    return runIdempotent(this.orm, operation, actingRequest(request, agent), async (em) => {
      const complaint = await ComplaintRepository.load(em, request.complaintId);
      if (request.expectedVersion && request.expectedVersion !== complaint.version) {
        throw new ConcurrentEdit(
          `complaint ${complaint.number} changed since you read it (now version ${complaint.version}, you had ${request.expectedVersion}): reload and decide again`,
        );
      }
      await this.apply(em, complaint, agent, step);
      return { response: { complaint: complaintView(complaint) } };
    });
  }

  /** Takes a step on a loaded file in the caller's transaction (also for event consumers and the sweep). */
  async apply(em: EntityManager, complaint: Complaint, agent: AgentRef, step: ComplaintStep): Promise<void> {
    const from = complaint.steps.length;
    const { stage, severity } = complaint;
    await step(complaint, agent, new Date(), em);
    if (complaint.steps.length === from) return;
    if (complaint.stage !== stage || complaint.severity !== severity) complaint.schedule(this.deadlines.dueAt);
    await ComplaintRepository.save(em, complaint);
    await writeComplaintEvents(em, complaint, from);
  }
}

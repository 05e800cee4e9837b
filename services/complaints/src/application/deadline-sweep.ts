import { Outbox } from '@cs/bus';
import { EscalationLevel } from '@cs/contracts/cs/complaints/v1/complaint';
import { type DueWork, DueWorkScheduler, type DueWorkTick } from '@cs/scheduler';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { dueEscalation, externalDeadlineHorizon } from '../domain/escalation.rule.js';
import {
  type StepDeadlinePolicy,
  type StepDeadlineSettings,
  stepDeadlinePolicyFrom,
} from '../domain/step-deadline.rule.js';
import {
  clearArchivedDeadline,
  readSweptComplaint,
  writeEscalation,
} from '../infrastructure/complaint-escalation.sql.js';

/** The config keys the sweep reads. */
export interface DeadlineSweepSettings extends StepDeadlineSettings {
  complaintsDeadlineExternalLeadMinutes: number;
  complaintsSweepPollMs: number;
  complaintsSweepBatchSize: number;
}

/** Who the file's history and the event name as the one who escalated. */
export const SWEEP_ACTOR = { agentId: 'system:deadline-sweep', name: '超时巡检' } as const;

const notWithManager = `escalation_level <> '${EscalationLevel.ESCALATION_LEVEL_MANAGER}'`;

/**
 * The two kinds of due work, each read through its own partial index (migration 0003): overdue
 * steps below the manager, and platform / 12315 files whose external deadline is within the lead.
 */
export function deadlineWorks(policy: StepDeadlinePolicy, externalLeadMinutes: number): DueWork[] {
  const handle = (em: EntityManager, id: string, now: Date) => escalateIfDue(em, id, now, policy, externalLeadMinutes);
  return [
    {
      name: 'complaint-external-deadline-near',
      table: 'complaint',
      idColumn: 'complaint_id',
      dueColumn: 'external_deadline',
      where: `external_deadline is not null and archived_at is null and ${notWithManager}`,
      dueBy: (now) => externalDeadlineHorizon(now, externalLeadMinutes, policy),
      handle,
    },
    {
      name: 'complaint-step-overdue',
      table: 'complaint',
      idColumn: 'complaint_id',
      dueColumn: 'step_due_at',
      where: `step_due_at is not null and ${notWithManager}`,
      handle,
    },
  ];
}

/**
 * One claimed file: escalates it when the rules say so (escalation.rule.ts), records the step and
 * publishes ComplaintEscalated in the same transaction. The row is locked by the claim, so no other
 * replica acts on it meanwhile.
 */
export async function escalateIfDue(
  em: EntityManager,
  complaintId: string,
  now: Date,
  policy: StepDeadlinePolicy,
  externalLeadMinutes: number,
): Promise<void> {
  const file = await readSweptComplaint(em, complaintId);
  if (!file) return;
  const escalation = dueEscalation(file, now, policy, externalLeadMinutes);
  if (!escalation) {
    await clearArchivedDeadline(em, complaintId);
    return;
  }
  const version = await writeEscalation(em, {
    complaintId,
    to: escalation.to,
    stepDueAt: escalation.nextStepDueAt ?? null,
    reason: escalation.reason,
    actorId: SWEEP_ACTOR.agentId,
    actorName: SWEEP_ACTOR.name,
    at: now,
  });
  await Outbox.add(
    em,
    'cs.complaints.complaint.escalated',
    {
      complaintId,
      number: file.number,
      fromLevel: file.escalationLevel,
      toLevel: escalation.to,
      reason: escalation.reason,
      automatic: true,
      severity: file.severity,
      escalatedAt: { seconds: Math.floor(now.getTime() / 1000), nanos: (now.getTime() % 1000) * 1_000_000 },
      complaintVersion: version,
    },
    { aggregateId: complaintId, aggregateVersion: version },
  );
}

/**
 * Every replica sweeps every COMPLAINTS_SWEEP_POLL_MS; the scheduler claims only due files (indexed,
 * FOR UPDATE SKIP LOCKED), so replicas share the work and never escalate a file twice for one
 * overdue step. Stops with the module.
 */
@Injectable()
export class DeadlineSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: DueWorkScheduler;

  constructor(orm: MikroORM, @Inject(CONFIG) config: DeadlineSweepSettings, @Inject(LOGGER) logger: Logger) {
    const policy = stepDeadlinePolicyFrom(config);
    this.scheduler = new DueWorkScheduler(orm, deadlineWorks(policy, config.complaintsDeadlineExternalLeadMinutes), {
      pollMs: config.complaintsSweepPollMs,
      batchSize: config.complaintsSweepBatchSize,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }

  /** One sweep now (tests, tools): what each kind of work claimed and escalated. */
  tick(now = new Date()): Promise<DueWorkTick[]> {
    return this.scheduler.tick(now);
  }
}

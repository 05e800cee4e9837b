import type { ComplaintStage, EscalationLevel, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The columns the deadline sweep reads of one claimed file. */
export interface SweptComplaint {
  complaintId: string;
  number: string;
  stage: ComplaintStage;
  severity: Severity;
  escalationLevel: EscalationLevel;
  stepDueAt: Date | null;
  externalDeadline: Date | null;
}

export async function readSweptComplaint(em: EntityManager, complaintId: string): Promise<SweptComplaint | undefined> {
  const rows = await em.execute<
    {
      complaint_id: string;
      number: string;
      stage: ComplaintStage;
      severity: Severity;
      escalation_level: EscalationLevel;
      step_due_at: Date | null;
      external_deadline: Date | null;
    }[]
  >(
    `select complaint_id, number, stage, severity, escalation_level, step_due_at, external_deadline
     from complaint where complaint_id = ?`,
    [complaintId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    complaintId: row.complaint_id,
    number: row.number,
    stage: row.stage,
    severity: row.severity,
    escalationLevel: row.escalation_level,
    stepDueAt: row.step_due_at ? new Date(row.step_due_at) : null,
    externalDeadline: row.external_deadline ? new Date(row.external_deadline) : null,
  };
}

export interface EscalationWrite {
  complaintId: string;
  to: EscalationLevel;
  stepDueAt: Date | null;
  reason: string;
  actorId: string;
  actorName: string;
  at: Date;
}

/**
 * Raises the file's level and sets its step deadline (the columns the sweep may write, with the
 * version bumped so a handler holding the old version gets ABORTED), and appends the `escalated`
 * step to its history. Returns the new version.
 */
export async function writeEscalation(em: EntityManager, write: EscalationWrite): Promise<number> {
  const updated = await em.execute<{ version: string | number }[]>(
    `update complaint set escalation_level = ?, step_due_at = ?, version = version + 1
     where complaint_id = ? returning version`,
    [write.to, write.stepDueAt, write.complaintId],
  );
  await em.execute(
    `insert into complaint_step (complaint_id, seq, action, stage_from, stage_to, actor_id, actor_name, at, note)
     select c.complaint_id, coalesce((select max(seq) from complaint_step s where s.complaint_id = c.complaint_id), 0) + 1,
            'escalated', c.stage, c.stage, ?, ?, ?, ?
     from complaint c where c.complaint_id = ?`,
    [write.actorId, write.actorName, write.at, write.reason, write.complaintId],
  );
  return Number(updated[0]?.version);
}

/** An archived file keeps no step deadline; clears one left behind so the sweep stops claiming it. */
export async function clearArchivedDeadline(em: EntityManager, complaintId: string): Promise<void> {
  await em.execute(
    "update complaint set step_due_at = null where complaint_id = ? and stage = 'COMPLAINT_STAGE_ARCHIVED'",
    [complaintId],
  );
}

import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Complaint } from '../domain/complaint.aggregate.js';
import type { StepRecord } from '../domain/complaint-records.js';

interface StepRow {
  seq: number;
  action: string;
  stage_from: string;
  stage_to: string;
  actor_id: string;
  actor_name: string;
  at: Date | string;
  note: string;
}

// How many steps each loaded file had in complaint_step: save() appends only the newer ones.
const storedSteps = new WeakMap<Complaint, number>();

/**
 * Loads and saves complaint files for a unit of work. The version column guards the commit
 * (optimistic lock: a concurrent change makes the flush fail and the transaction retry); the steps
 * live in complaint_step, one row per step, appended in the same transaction.
 */
export const ComplaintRepository = {
  async load(em: EntityManager, complaintId: string): Promise<Complaint> {
    const complaint = await ComplaintRepository.find(em, complaintId);
    if (!complaint) throw new NotFound('complaint', complaintId);
    return complaint;
  },

  async find(em: EntityManager, complaintId: string): Promise<Complaint | undefined> {
    const complaint = isUuid(complaintId) ? await em.findOne(Complaint, { id: complaintId }) : null;
    if (!complaint) return undefined;
    await withSteps(em, [complaint]);
    return complaint;
  },

  /** The file opened for this source (event id or source:reference), if any. */
  async findBySourceKey(em: EntityManager, sourceKey: string): Promise<Complaint | undefined> {
    const complaint = await em.findOne(Complaint, { sourceKey });
    if (!complaint) return undefined;
    await withSteps(em, [complaint]);
    return complaint;
  },

  /** Writes the file (version checked) and its new steps. */
  async save(em: EntityManager, complaint: Complaint): Promise<void> {
    em.persist(complaint);
    await em.flush();
    const from = storedSteps.get(complaint) ?? 0;
    for (const step of complaint.steps.slice(from)) {
      await em.execute(
        `insert into complaint_step (complaint_id, seq, action, stage_from, stage_to, actor_id, actor_name, at, note)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          complaint.id,
          step.seq,
          step.action,
          step.stageFrom,
          step.stageTo,
          step.actor.agentId,
          step.actor.name,
          step.at,
          step.note,
        ],
      );
    }
    storedSteps.set(complaint, complaint.steps.length);
  },
};

/** Attaches each file's steps from complaint_step (one query for all of them). */
export async function withSteps(em: EntityManager, complaints: Complaint[]): Promise<Complaint[]> {
  if (!complaints.length) return complaints;
  const rows = await em.execute<(StepRow & { complaint_id: string })[]>(
    `select complaint_id, seq, action, stage_from, stage_to, actor_id, actor_name, at, note
     from complaint_step where complaint_id in (?) order by complaint_id, seq`,
    [complaints.map((c) => c.id)],
  );
  for (const complaint of complaints) {
    complaint.steps = rows.filter((r) => r.complaint_id === complaint.id).map(stepOf);
    storedSteps.set(complaint, complaint.steps.length);
  }
  return complaints;
}

const stepOf = (row: StepRow): StepRecord => ({
  seq: row.seq,
  action: row.action,
  stageFrom: row.stage_from,
  stageTo: row.stage_to,
  actor: { agentId: row.actor_id, name: row.actor_name },
  at: new Date(row.at),
  note: row.note,
});

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

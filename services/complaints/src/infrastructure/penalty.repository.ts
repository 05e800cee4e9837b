import type { EntityManager } from '@mikro-orm/postgresql';

export interface PenaltyRow {
  penaltyId: string;
  complaintId: string;
  agentId: string;
  agentName: string;
  month: string;
  sequence: number;
  amountMinor: number;
  currency: string;
  imposedAt: Date;
  reversedAt?: Date;
}

interface RawPenalty {
  penalty_id: string;
  complaint_id: string;
  agent_id: string;
  agent_name: string;
  month: string;
  sequence: number;
  amount_minor: string | number;
  currency: string;
  imposed_at: Date | string;
  reversed_at: Date | string | null;
}

const COLUMNS =
  'penalty_id, complaint_id, agent_id, agent_name, month, sequence, amount_minor, currency, imposed_at, reversed_at';

function toRow(raw: RawPenalty): PenaltyRow {
  return {
    penaltyId: raw.penalty_id,
    complaintId: raw.complaint_id,
    agentId: raw.agent_id,
    agentName: raw.agent_name,
    month: raw.month,
    sequence: Number(raw.sequence),
    amountMinor: Number(raw.amount_minor),
    currency: raw.currency,
    imposedAt: new Date(raw.imposed_at),
    reversedAt: raw.reversed_at ? new Date(raw.reversed_at) : undefined,
  };
}

/** The agent_penalty table (migration 0002): plain SQL, always in the caller's transaction. */
export const penaltyRepository = {
  /**
   * Serialises penalty numbering for one agent and month until the transaction ends, so two
   * analyses naming the same agent at the same moment cannot both take the same number.
   */
  async lockAgentMonth(em: EntityManager, agentId: string, month: string): Promise<void> {
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`agent-penalty:${agentId}:${month}`]);
  },

  /** Locks the complaint's penalties in force, so two corrections of one complaint do not interleave. */
  async inForceForComplaint(em: EntityManager, complaintId: string): Promise<PenaltyRow[]> {
    const rows = await em.execute<RawPenalty[]>(
      `select ${COLUMNS} from agent_penalty where complaint_id = ? and reversed_at is null order by imposed_at for update`,
      [complaintId],
    );
    return rows.map(toRow);
  },

  async inForceSequences(em: EntityManager, agentId: string, month: string): Promise<number[]> {
    const rows = await em.execute<{ sequence: number }[]>(
      'select sequence from agent_penalty where agent_id = ? and month = ? and reversed_at is null',
      [agentId, month],
    );
    return rows.map((r) => Number(r.sequence));
  },

  async insert(em: EntityManager, row: PenaltyRow): Promise<void> {
    await em.execute(`insert into agent_penalty (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null)`, [
      row.penaltyId,
      row.complaintId,
      row.agentId,
      row.agentName,
      row.month,
      row.sequence,
      row.amountMinor,
      row.currency,
      row.imposedAt,
    ]);
  },

  async markReversed(em: EntityManager, penaltyId: string, at: Date): Promise<void> {
    await em.execute('update agent_penalty set reversed_at = ? where penalty_id = ? and reversed_at is null', [
      at,
      penaltyId,
    ]);
  },

  /** Every penalty imposed in the month (reversed ones included, for the record), oldest first. */
  async ofMonth(em: EntityManager, month: string): Promise<PenaltyRow[]> {
    const rows = await em.execute<RawPenalty[]>(
      `select ${COLUMNS} from agent_penalty where month = ? order by agent_id, imposed_at, sequence`,
      [month],
    );
    return rows.map(toRow);
  },
};

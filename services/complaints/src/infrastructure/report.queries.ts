import type { EntityManager } from '@mikro-orm/postgresql';

/** A file as the reports read it (migration 0001's plain columns). */
export interface ReportedComplaint {
  complaintId: string;
  source: string;
  nature: string;
  severity: string;
  rootCause?: string;
  responsibleParty?: string;
  remedyKind?: string;
  handlerAgentId?: string;
  handlerName?: string;
  openedAt: Date;
  archivedAt?: Date;
}

export interface ReportedStep {
  complaintId: string;
  stageFrom: string;
  stageTo: string;
  at: Date;
}

export interface ReportedEvaluation {
  complaintId: string;
  score: number;
  handlerAgentId?: string;
  handlerName?: string;
}

export interface StoredProposal {
  proposalId: string;
  rootCauseType: string;
  rootCauseCategory: string;
  rootCauseSubcategory: string;
  text: string;
  proposedById: string;
  proposedByName: string;
  proposedAt: Date;
}

interface RawComplaint {
  complaint_id: string;
  source: string;
  nature: string;
  severity: string;
  root_cause_type: string | null;
  root_cause_category: string | null;
  root_cause_subcategory: string | null;
  responsible_party: string | null;
  remedy_kind: string | null;
  handler_agent_id: string | null;
  handler_name: string | null;
  opened_at: Date | string;
  archived_at: Date | string | null;
}

const COMPLAINT_COLUMNS = `complaint_id, source, nature, severity, root_cause_type, root_cause_category,
  root_cause_subcategory, responsible_party, remedy_kind, handler_agent_id, handler_name, opened_at, archived_at`;

const orUndefined = <T>(value: T | null | undefined) => (value === null || value === '' ? undefined : value);

function toComplaint(raw: RawComplaint): ReportedComplaint {
  const cause = [raw.root_cause_type, raw.root_cause_category, raw.root_cause_subcategory];
  return {
    complaintId: raw.complaint_id,
    source: raw.source,
    nature: raw.nature,
    severity: raw.severity,
    rootCause: cause.every(Boolean) ? cause.join('/') : undefined,
    responsibleParty: orUndefined(raw.responsible_party),
    remedyKind: orUndefined(raw.remedy_kind),
    handlerAgentId: orUndefined(raw.handler_agent_id),
    handlerName: orUndefined(raw.handler_name) ?? undefined,
    openedAt: new Date(raw.opened_at),
    archivedAt: raw.archived_at ? new Date(raw.archived_at) : undefined,
  };
}

/** Read-only queries of the reports over the complaint, complaint_step and improvement_proposal tables. */
export const reportQueries = {
  async openedBetween(em: EntityManager, from: Date, to: Date): Promise<ReportedComplaint[]> {
    const rows = await em.execute<RawComplaint[]>(
      `select ${COMPLAINT_COLUMNS} from complaint where opened_at >= ? and opened_at < ?`,
      [from, to],
    );
    return rows.map(toComplaint);
  },

  async archivedBetween(em: EntityManager, from: Date, to: Date): Promise<ReportedComplaint[]> {
    const rows = await em.execute<RawComplaint[]>(
      `select ${COMPLAINT_COLUMNS} from complaint where archived_at >= ? and archived_at < ?`,
      [from, to],
    );
    return rows.map(toComplaint);
  },

  /**
   * Files open at some moment of [from, to) whose stays can matter to it, with their history: opened
   * or moved since `since` (a stay that began earlier and did not end in the period cannot fall due
   * in it either).
   */
  async activeBetween(
    em: EntityManager,
    from: Date,
    to: Date,
    since: Date,
  ): Promise<{ complaints: ReportedComplaint[]; steps: ReportedStep[] }> {
    const active = `opened_at < ? and (archived_at is null or archived_at >= ?)
      and (opened_at >= ? or complaint_id in (select complaint_id from complaint_step where at >= ? and at < ?))`;
    const params = [to, from, since, since, to];
    const complaints = await em.execute<RawComplaint[]>(
      `select ${COMPLAINT_COLUMNS} from complaint where ${active}`,
      params,
    );
    const steps = await em.execute<{ complaint_id: string; stage_from: string; stage_to: string; at: Date | string }[]>(
      `select s.complaint_id, s.stage_from, s.stage_to, s.at from complaint_step s
        where s.complaint_id in (select complaint_id from complaint where ${active})
        order by s.complaint_id, s.seq`,
      params,
    );
    return {
      complaints: complaints.map(toComplaint),
      steps: steps.map((s) => ({
        complaintId: s.complaint_id,
        stageFrom: s.stage_from,
        stageTo: s.stage_to,
        at: new Date(s.at),
      })),
    };
  },

  /** Evaluations recorded in [from, to) (the `evaluated` step), the latest per file. */
  async evaluatedBetween(em: EntityManager, from: Date, to: Date): Promise<ReportedEvaluation[]> {
    const rows = await em.execute<
      { complaint_id: string; evaluation_score: number; handler_agent_id: string | null; handler_name: string | null }[]
    >(
      `select c.complaint_id, c.evaluation_score, c.handler_agent_id, c.handler_name from complaint c
        where c.evaluation_score is not null
          and exists (select 1 from complaint_step s
                       where s.complaint_id = c.complaint_id and s.action = 'evaluated' and s.at >= ? and s.at < ?)`,
      [from, to],
    );
    return rows.map((r) => ({
      complaintId: r.complaint_id,
      score: Number(r.evaluation_score),
      handlerAgentId: orUndefined(r.handler_agent_id),
      handlerName: orUndefined(r.handler_name) ?? undefined,
    }));
  },

  /** Complaints each handler took on in [from, to): the score sheet's "handled". */
  async handledBetween(
    em: EntityManager,
    from: Date,
    to: Date,
  ): Promise<{ agentId: string; name: string; handled: number }[]> {
    const rows = await em.execute<{ handler_agent_id: string; handler_name: string | null; handled: string }[]>(
      `select handler_agent_id, max(handler_name) as handler_name, count(*) as handled from complaint
        where opened_at >= ? and opened_at < ? and handler_agent_id is not null and handler_agent_id <> ''
        group by handler_agent_id`,
      [from, to],
    );
    return rows.map((r) => ({ agentId: r.handler_agent_id, name: r.handler_name ?? '', handled: Number(r.handled) }));
  },

  async rootCauseExists(em: EntityManager, type: string, category: string, subcategory: string): Promise<boolean> {
    const rows = await em.execute<{ found: number }[]>(
      'select 1 as found from root_cause where type = ? and category = ? and subcategory = ?',
      [type, category, subcategory],
    );
    return rows.length > 0;
  },

  async insertProposal(em: EntityManager, p: StoredProposal): Promise<void> {
    await em.execute(
      `insert into improvement_proposal (proposal_id, root_cause_type, root_cause_category, root_cause_subcategory,
        text, proposed_by_id, proposed_by_name, proposed_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        p.proposalId,
        p.rootCauseType,
        p.rootCauseCategory,
        p.rootCauseSubcategory,
        p.text,
        p.proposedById,
        p.proposedByName,
        p.proposedAt,
      ],
    );
  },

  async proposalsBetween(em: EntityManager, from: Date, to: Date): Promise<StoredProposal[]> {
    const rows = await em.execute<
      {
        proposal_id: string;
        root_cause_type: string;
        root_cause_category: string;
        root_cause_subcategory: string;
        text: string;
        proposed_by_id: string;
        proposed_by_name: string;
        proposed_at: Date | string;
      }[]
    >(
      'select * from improvement_proposal where proposed_at >= ? and proposed_at < ? order by proposed_at, proposal_id',
      [from, to],
    );
    return rows.map((r) => ({
      proposalId: r.proposal_id,
      rootCauseType: r.root_cause_type,
      rootCauseCategory: r.root_cause_category,
      rootCauseSubcategory: r.root_cause_subcategory,
      text: r.text,
      proposedById: r.proposed_by_id,
      proposedByName: r.proposed_by_name,
      proposedAt: new Date(r.proposed_at),
    }));
  },
};

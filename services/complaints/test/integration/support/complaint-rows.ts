import type { EntityManager } from '@mikro-orm/postgresql';

/** The columns a deadline or incident test sets on a complaint row; the rest take plain values. */
export interface ComplaintRow {
  id: string;
  stage?: string;
  severity?: string;
  escalationLevel?: string;
  stepDueAt?: Date | null;
  externalDeadline?: Date | null;
  archivedAt?: Date | null;
  openedAt?: Date;
  skus?: string[];
  rootCause?: [string, string, string];
  incidentId?: string | null;
}

let counter = 0;

/** Inserts complaint rows straight into the table (migration 0001's columns), as intake would leave them. */
export async function insertComplaints(em: EntityManager, rows: ComplaintRow[]): Promise<void> {
  for (const row of rows) {
    counter += 1;
    await em.execute(
      `insert into complaint (complaint_id, number, source, customer_id, customer, claimed_nature, stage, stage_entered_at, severity,
         nature, escalation_level, step_due_at, external_deadline, archived_at, opened_at, updated_at, skus,
         root_cause_type, root_cause_category, root_cause_subcategory, incident_id)
       values (?, ?, 'COMPLAINT_SOURCE_DIRECT', 'buyer-1', '{"customerId":"buyer-1"}'::jsonb,
         'COMPLAINT_NATURE_PRODUCT_QUALITY', ?, ?, ?, 'COMPLAINT_NATURE_PRODUCT_QUALITY', ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?)`,
      [
        row.id,
        `TS-TEST-${process.pid}-${counter}`,
        row.stage ?? 'COMPLAINT_STAGE_VERIFYING',
        row.openedAt ?? new Date(),
        row.severity ?? 'SEVERITY_ORDINARY',
        row.escalationLevel ?? 'ESCALATION_LEVEL_AGENT',
        row.stepDueAt ?? null,
        row.externalDeadline ?? null,
        row.archivedAt ?? null,
        row.openedAt ?? new Date(),
        row.openedAt ?? new Date(),
        `{${(row.skus ?? []).map((s) => `"${s}"`).join(',')}}`,
        row.rootCause?.[0] ?? null,
        row.rootCause?.[1] ?? null,
        row.rootCause?.[2] ?? null,
        row.incidentId ?? null,
      ],
    );
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { RootCauseRecord } from '../domain/complaint-records.js';

export interface RootCauseRow extends RootCauseRecord {
  description: string;
  retired: boolean;
}

/** The root-cause taxonomy (type → category → subcategory), one row per subcategory. */
export const RootCauseRepository = {
  async list(em: EntityManager, includeRetired: boolean): Promise<RootCauseRow[]> {
    return em.execute<RootCauseRow[]>(
      `select type, category, subcategory, description, retired from root_cause
       ${includeRetired ? '' : 'where not retired'} order by type, category, subcategory`,
    );
  },

  async find(em: EntityManager, cause: RootCauseRecord, lock = false): Promise<RootCauseRow | undefined> {
    const rows = await em.execute<RootCauseRow[]>(
      `select type, category, subcategory, description, retired from root_cause
       where type = ? and category = ? and subcategory = ?${lock ? ' for update' : ''}`,
      [cause.type, cause.category, cause.subcategory],
    );
    return rows[0];
  },

  /** Defines a cause, or brings a retired one back with the new description. */
  async define(em: EntityManager, cause: RootCauseRecord, description: string): Promise<RootCauseRow> {
    const rows = await em.execute<RootCauseRow[]>(
      `insert into root_cause (type, category, subcategory, description) values (?, ?, ?, ?)
       on conflict (type, category, subcategory) do update set description = excluded.description, retired = false
       returning type, category, subcategory, description, retired`,
      [cause.type, cause.category, cause.subcategory, description],
    );
    return rows[0]!;
  },

  async retire(em: EntityManager, cause: RootCauseRecord): Promise<RootCauseRow | undefined> {
    const rows = await em.execute<RootCauseRow[]>(
      `update root_cause set retired = true where type = ? and category = ? and subcategory = ?
       returning type, category, subcategory, description, retired`,
      [cause.type, cause.category, cause.subcategory],
    );
    return rows[0];
  },
};

import type { MigrationObject } from '@mikro-orm/core';
import { CreateComplaints } from './0001-complaints.migration.js';
import { CreatePenalties } from './0002-penalties.migration.js';
import { CreateIncidents } from './0003-incidents.migration.js';
import { KeysetPagingIndexes } from './0004-keyset-paging.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const complaintsMigrations: MigrationObject[] = [
  { name: '0001-complaints', class: CreateComplaints },
  { name: '0002-penalties', class: CreatePenalties },
  { name: '0003-incidents', class: CreateIncidents },
  { name: '0004-keyset-paging', class: KeysetPagingIndexes },
];

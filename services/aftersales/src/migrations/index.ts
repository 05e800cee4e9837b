import type { MigrationObject } from '@mikro-orm/core';
import { CreateAftersales } from './0001-aftersales.migration.js';
import { CreateChaseTasks } from './0002-chase-tasks.migration.js';
import { CreateDetailsChases } from './0003-details-chases.migration.js';
import { KeysetPagingIndexes } from './0004-keyset-paging.migration.js';
import { CreateCourierFeedEvents } from './0005-courier-feed-events.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const aftersalesMigrations: MigrationObject[] = [
  { name: '0001-aftersales', class: CreateAftersales },
  { name: '0002-chase-tasks', class: CreateChaseTasks },
  { name: '0003-details-chases', class: CreateDetailsChases },
  { name: '0004-keyset-paging', class: KeysetPagingIndexes },
  { name: '0005-courier-feed-events', class: CreateCourierFeedEvents },
];

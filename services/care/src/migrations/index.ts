import type { MigrationObject } from '@mikro-orm/core';
import { ErasureRequests } from './0001-erasure-requests.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const careMigrations: MigrationObject[] = [{ name: '0001-erasure-requests', class: ErasureRequests }];

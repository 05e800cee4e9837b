import type { MigrationObject } from '@mikro-orm/core';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const complaintsMigrations: MigrationObject[] = [];

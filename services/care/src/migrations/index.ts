import type { MigrationObject } from '@mikro-orm/core';
import { ErasureRequests } from './0001-erasure-requests.migration.js';
import { CustomerProfiles } from './0002-customer-profiles.migration.js';
import { Campaigns } from './0003-campaigns.migration.js';
import { MarketingContactLocks } from './0004-marketing-contact-locks.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const careMigrations: MigrationObject[] = [
  { name: '0001-erasure-requests', class: ErasureRequests },
  { name: '0002-customer-profiles', class: CustomerProfiles },
  { name: '0003-campaigns', class: Campaigns },
  { name: '0004-marketing-contact-locks', class: MarketingContactLocks },
];

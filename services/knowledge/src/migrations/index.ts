import type { MigrationObject } from '@mikro-orm/core';
import { CreateArticles } from './0001-articles.migration.js';
import { CreateRepliesAndGaps } from './0002-replies-and-gaps.migration.js';
import { SearchGinWithoutPendingList } from './0003-search-gin-without-pending-list.migration.js';
import { ReviewedStandardReplies } from './0004-reviewed-standard-replies.migration.js';

/** Applied in this order after the shared messaging tables; names are persisted, never rename one. */
export const knowledgeMigrations: MigrationObject[] = [
  { name: '0001-articles', class: CreateArticles },
  { name: '0002-replies-and-gaps', class: CreateRepliesAndGaps },
  { name: '0003-search-gin-without-pending-list', class: SearchGinWithoutPendingList },
  { name: '0004-reviewed-standard-replies', class: ReviewedStandardReplies },
];

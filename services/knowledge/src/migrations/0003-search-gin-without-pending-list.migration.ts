import { Migration } from '@mikro-orm/migrations';

/**
 * Search storage tuned for reading (measured at 100,000 articles, test/load/results.md).
 *
 * The search's GIN indexes without a pending list (fastupdate off). With it, new rows wait in an
 * unsorted list that every search reads whole until vacuum merges it: at 100,000 articles it held
 * ~400 pages of article_search_tokens, read by each search (≈ 2.5 ms warm, 30 ms from disk).
 * Articles are published a few at a time, so inserting straight into the index costs nothing felt.
 */
const SEARCH_GIN_INDEXES = [
  'article_search_tokens',
  'article_search_title_tokens',
  'article_search_skus',
  'article_search_title_trgm',
  'search_terms_trgm',
];

export class SearchGinWithoutPendingList extends Migration {
  override up(): void {
    // The words prefer the row (compressed; the body goes out of line first): a search checking
    // words row by row (a common word, or the scoring of its candidates) would otherwise fetch each
    // row's words from the TOAST table, ~2 extra pages a row. Applies to rows written from now on
    // (the rebuild rewrites them all).
    this.addSql('alter table article_search alter column tokens set storage main');
    this.addSql('alter table article_search alter column title_tokens set storage main');
    for (const index of SEARCH_GIN_INDEXES) {
      this.addSql(`alter index ${index} set (fastupdate = off)`);
      // Merges what is already pending: turning fastupdate off does not.
      this.addSql(`select gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  override down(): void {
    this.addSql('alter table article_search alter column tokens set storage extended');
    this.addSql('alter table article_search alter column title_tokens set storage extended');
    for (const index of SEARCH_GIN_INDEXES) this.addSql(`alter index ${index} reset (fastupdate)`);
  }
}

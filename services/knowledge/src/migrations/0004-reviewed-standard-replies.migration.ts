import { Migration } from '@mikro-orm/migrations';

/**
 * Standard replies get the article review flow. A reply written before it was live the moment
 * it was saved: its newest version counts as published (approved by nobody), earlier ones as
 * superseded, so agents keep the text they had.
 */
export class ReviewedStandardReplies extends Migration {
  override up(): void {
    this.addSql(`alter table standard_replies
      add column published_version integer not null default 0,
      add column archived boolean not null default false`);
    this.addSql(`update standard_replies r set
      published_version = jsonb_array_length(r.history),
      history = (
        select jsonb_agg(
          case when (v ->> 'version')::int = jsonb_array_length(r.history)
            then v || jsonb_build_object('status', 'VERSION_STATUS_PUBLISHED', 'publishAt', v -> 'writtenAt')
            else v || jsonb_build_object('status', 'VERSION_STATUS_SUPERSEDED')
          end order by n)
        from jsonb_array_elements(r.history) with ordinality as h(v, n)
      )
      where jsonb_array_length(r.history) > 0`);
  }

  override down(): void {
    this.addSql('alter table standard_replies drop column published_version, drop column archived');
  }
}

import { Migration } from '@mikro-orm/migrations';

export class CreateRepliesAndGaps extends Migration {
  override up(): void {
    this.addSql(`create table standard_replies (
      id uuid primary key,
      kind text not null,
      shortcode text not null,
      team text not null default '',
      text text not null,
      history jsonb not null,
      updated_at timestamptz not null,
      version integer not null default 1
    )`);
    // Agents type /shortcode: one reply per shortcode within a team (empty team: shop-wide).
    this.addSql('create unique index standard_replies_shortcode on standard_replies (team, shortcode)');
    this.addSql(`create table knowledge_gaps (
      id uuid primary key,
      question text not null,
      question_customer_id text not null default '',
      terms text[] not null,
      count integer not null,
      examples jsonb not null,
      status text not null,
      draft_article_id text,
      first_asked_at timestamptz not null,
      last_asked_at timestamptz not null,
      version integer not null default 1
    )`);
    // A new question is compared only with open gaps sharing one of its words.
    this.addSql(
      "create index knowledge_gaps_open_terms on knowledge_gaps using gin (terms) where status = 'GAP_STATUS_OPEN'",
    );
    this.addSql('create index knowledge_gaps_by_count on knowledge_gaps (status, count desc, id)');
  }

  override down(): void {
    this.addSql('drop table knowledge_gaps');
    this.addSql('drop table standard_replies');
  }
}

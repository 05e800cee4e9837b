import { idempotencyKeysTableSql } from '@cs/persistence';
import { Migration } from '@mikro-orm/migrations';

export class CreateArticles extends Migration {
  override up(): void {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql(`create table articles (
      id uuid primary key,
      kind text not null,
      locale text not null,
      translation_of uuid references articles (id),
      published_version integer not null default 0,
      latest_version integer not null,
      archived boolean not null default false,
      launch jsonb,
      on_sale_date text,
      publish_due_at timestamptz,
      versions jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      revision integer not null default 1
    )`);
    this.addSql('create index articles_translations on articles (translation_of) where translation_of is not null');
    this.addSql('create index articles_on_sale on articles (on_sale_date) where on_sale_date is not null');
    this.addSql('create index articles_publish_due on articles (publish_due_at) where publish_due_at is not null');
    this.addSql('create index articles_newest on articles (updated_at desc, id)');
    // The search index: the live version of each article and, for editors, its open draft.
    // `tokens` holds the segmenter's words (title weight A, tags B, body D) in the 'simple' config.
    this.addSql(`create table article_search (
      article_id uuid not null references articles (id),
      channel text not null check (channel in ('published', 'draft')),
      version integer not null,
      kind text not null,
      locale text not null,
      category text not null,
      skus text[] not null,
      public boolean not null,
      title text not null,
      body text not null,
      title_tokens tsvector not null,
      tokens tsvector not null,
      updated_at timestamptz not null,
      primary key (article_id, channel)
    )`);
    this.addSql('create index article_search_tokens on article_search using gin (tokens)');
    this.addSql('create index article_search_title_tokens on article_search using gin (title_tokens)');
    this.addSql('create index article_search_skus on article_search using gin (skus)');
    // Short or misspelled queries (发漂, refnd): word similarity against titles.
    this.addSql('create index article_search_title_trgm on article_search using gin (lower(title) gin_trgm_ops)');
    // Document frequency of each word in the published index: rare words weigh more in ranking.
    this.addSql(`create table search_terms (
      term text primary key,
      documents integer not null
    )`);
    // Misspelled English words (refnd, adress) are corrected to the nearest indexed word.
    this.addSql('create index search_terms_trgm on search_terms using gin (term gin_trgm_ops)');
    // Which segmentation built the index: a new shop vocabulary makes the service rebuild it.
    this.addSql(`create table search_index_state (
      id integer primary key check (id = 1),
      segmenter_fingerprint text not null,
      articles integer not null,
      rebuilt_at timestamptz not null
    )`);
    this.addSql(`create table article_acknowledgements (
      article_id uuid not null references articles (id),
      version integer not null,
      agent_id text not null,
      agent jsonb not null,
      acknowledged_at timestamptz not null,
      primary key (article_id, version, agent_id)
    )`);
    this.addSql(idempotencyKeysTableSql);
  }

  override down(): void {
    this.addSql('drop table idempotency_keys');
    this.addSql('drop table article_acknowledgements');
    this.addSql('drop table search_index_state');
    this.addSql('drop table search_terms');
    this.addSql('drop table article_search');
    this.addSql('drop table articles');
  }
}

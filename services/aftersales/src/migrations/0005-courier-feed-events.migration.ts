import { Migration } from '@mikro-orm/migrations';

export class CreateCourierFeedEvents extends Migration {
  override up(): void {
    // One row per courier delivery handled: a redelivered event finds its row and changes nothing.
    this.addSql(`create table courier_feed_events (
      courier text not null,
      event_id text not null,
      tracking_number text not null,
      received_at timestamptz not null default now(),
      primary key (courier, event_id)
    )`);
  }

  override down(): void {
    this.addSql('drop table courier_feed_events');
  }
}

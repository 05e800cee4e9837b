import { Migration } from '@mikro-orm/migrations';

/** The latest reply's time, so a late-delivered customer message does not start its clock before it. */
export class LastReply extends Migration {
  override up(): void {
    this.addSql('alter table conversations add column last_reply_at timestamptz');
    // Older rows only know their first reply: the best lower bound there is.
    this.addSql('update conversations set last_reply_at = first_response_at where first_response_at is not null');
  }

  override down(): void {
    this.addSql('alter table conversations drop column last_reply_at');
  }
}

import { Migration } from '@mikro-orm/migrations';

const closed = 'CONVERSATION_STATUS_CLOSED';

/**
 * Due times for the front-line scheduler, so a tick reads only what is due (issue 16) instead of
 * every open conversation:
 * - `sla_due_at`: when the next SLA warning of the conversation falls due (null: none can, e.g.
 *   closed or waiting on the customer). The sweep writes the exact instant; any other change to the
 *   clock facts (a message, a reply, a pause, a reclassification, a new priority) sets it to now
 *   through the trigger below, so the sweep re-reads that conversation once — no writer can forget
 *   it. Assignment and transfers do not touch the clocks and leave it alone; closing clears it.
 * - `quiet_since`: when a conversation with a confirmed order last heard from the customer; it is
 *   due for auto-close once that is older than the quiet window.
 */
export class SlaDueTime extends Migration {
  override up(): void {
    this.addSql('alter table conversations add column sla_due_at timestamptz');
    this.addSql(
      'alter table conversations add column quiet_since timestamptz generated always as (greatest(order_confirmed_at, last_customer_at)) stored',
    );
    this.addSql(`create function conversations_sla_recheck() returns trigger language plpgsql as $$
      begin
        if new.status = '${closed}' then
          new.sla_due_at := null;
        elsif tg_op = 'INSERT' then
          new.sla_due_at := coalesce(new.sla_due_at, now());
        elsif new.sla_due_at is not distinct from old.sla_due_at
          and (new.opened_at, new.first_response_at, new.awaiting_reply_since, new.pauses,
               new.next_response_minutes, new.sla_warnings, new.conversation_class, new.priority)
            is distinct from
              (old.opened_at, old.first_response_at, old.awaiting_reply_since, old.pauses,
               old.next_response_minutes, old.sla_warnings, old.conversation_class, old.priority) then
          new.sla_due_at := now();
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger conversations_sla_recheck before insert or update on conversations
      for each row execute function conversations_sla_recheck()`);
    // Conversations open before this migration: each is read once by the first sweep.
    this.addSql(`update conversations set sla_due_at = now() where status <> '${closed}'`);
    this.addSql('create index conversations_sla_due on conversations (sla_due_at) where sla_due_at is not null');
    this.addSql(
      `create index conversations_quiet_since on conversations (quiet_since) where order_confirmed_at is not null and status <> '${closed}'`,
    );
  }

  override down(): void {
    this.addSql('drop trigger conversations_sla_recheck on conversations');
    this.addSql('drop function conversations_sla_recheck()');
    this.addSql('alter table conversations drop column quiet_since');
    this.addSql('alter table conversations drop column sla_due_at');
  }
}

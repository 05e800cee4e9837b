import { Migration } from '@mikro-orm/migrations';

export class CreatePenalties extends Migration {
  override up(): void {
    this.addSql(`create table agent_penalty (
      penalty_id uuid primary key,
      complaint_id uuid not null,
      agent_id text not null,
      agent_name text not null,
      month text not null,
      sequence integer not null,
      amount_minor bigint not null,
      currency text not null,
      imposed_at timestamptz not null,
      reversed_at timestamptz
    )`);
    // Two analyses naming the same agent at once can never both be the month's first.
    this.addSql(
      'create unique index agent_penalty_one_per_number on agent_penalty (agent_id, month, sequence) where reversed_at is null',
    );
    // One penalty in force per complaint and agent, however often the analysis is recorded.
    this.addSql(
      'create unique index agent_penalty_one_per_complaint on agent_penalty (complaint_id, agent_id) where reversed_at is null',
    );
    this.addSql('create index agent_penalty_by_month on agent_penalty (month, agent_id)');
    this.addSql(`create table improvement_proposal (
      proposal_id uuid primary key,
      root_cause_type text not null,
      root_cause_category text not null,
      root_cause_subcategory text not null,
      text text not null,
      proposed_by_id text not null,
      proposed_by_name text not null,
      proposed_at timestamptz not null
    )`);
    this.addSql('create index improvement_proposal_by_time on improvement_proposal (proposed_at)');
  }

  override down(): void {
    this.addSql('drop table improvement_proposal');
    this.addSql('drop table agent_penalty');
  }
}

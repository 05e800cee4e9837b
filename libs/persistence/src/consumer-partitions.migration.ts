import { Migration } from '@mikro-orm/migrations';

/**
 * Which replica of this service reads which event partition (see PartitionLeases in @cs/bus):
 * - cs_consumer_member: the replicas alive, each renewing its row; the partitions are shared out
 *   among them.
 * - cs_partition_lease: one row per partition a replica holds, until it lapses. A handler's
 *   transaction takes FOR KEY SHARE on its partition's row, so a claim (which deletes the lapsed row)
 *   waits for the old holder's transactions, and a holder that lost its lease cannot commit.
 */
export class AddConsumerPartitionLeases extends Migration {
  override up(): void {
    this.addSql(`create table cs_consumer_member (
      member text primary key,
      until timestamptz not null
    )`);
    this.addSql(`create table cs_partition_lease (
      partition int primary key,
      member text not null,
      until timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql('drop table cs_partition_lease');
    this.addSql('drop table cs_consumer_member');
  }
}

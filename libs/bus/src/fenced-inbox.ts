import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsMsg } from '@nats-io/jetstream';
import { partitionOfSubject } from './naming.util.js';

/**
 * The inbox rows of messages, written only while this replica holds the leases of their partitions:
 * FOR KEY SHARE on the lease rows keeps a claim by another replica waiting until this transaction
 * ends. One statement, so fencing costs no round trip.
 */
const FENCED_INBOX_INSERT = `with lease as (
    select partition from cs_partition_lease where partition = any(?::int[]) and member = ? for key share
  ), fresh as (
    insert into cs_inbox (consumer, message_id, subject)
    select ?, id, ? from jsonb_array_elements_text(?::jsonb) as ids(id)
     where (select count(*) from lease) = ?
    on conflict do nothing returning message_id
  )
  select (select count(*) from lease)::int as held, coalesce(array_agg(message_id), '{}') as fresh from fresh`;

/** This replica no longer holds a message's partition: another replica reads it now. */
export class PartitionNotHeldError extends Error {
  override readonly name = 'PartitionNotHeldError';
}

/** Who records messages in the inbox: the replica (partition lease member) handling them. */
export interface InboxFence {
  member: string;
}

/**
 * Records messages in the inbox inside em's transaction and returns the ids not seen before;
 * throws PartitionNotHeldError when this replica lost one of their partitions.
 */
export async function recordInInbox(
  em: EntityManager,
  fence: InboxFence,
  consumer: string,
  subject: string,
  messages: readonly { msg: JsMsg; id: string }[],
): Promise<Set<string>> {
  const partitions = [...new Set(messages.map(({ msg }) => partitionOfSubject(msg.subject)))];
  const [row] = await em.execute<{ held: number; fresh: string[] }[]>(FENCED_INBOX_INSERT, [
    intArray(partitions),
    fence.member,
    consumer,
    subject,
    JSON.stringify(messages.map(({ id }) => id)),
    partitions.length,
  ]);
  if (!row || row.held !== partitions.length) {
    throw new PartitionNotHeldError(
      `partition(s) ${partitions.join(', ')} of ${consumer} are no longer held by ${fence.member}`,
    );
  }
  return new Set(row.fresh);
}

/** A PostgreSQL array literal, bound as one text parameter (drivers expand JS arrays into lists). */
export function intArray(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

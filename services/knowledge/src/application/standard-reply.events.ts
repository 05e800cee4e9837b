import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StandardReply } from '../domain/standard-reply.aggregate.js';

/** The reply's event for the step just taken, in the step's transaction (after the flush: the revision is final). */
const meta = (reply: StandardReply) => ({ aggregateId: reply.id, aggregateVersion: reply.version });

export async function writeStandardReplySubmitted(em: EntityManager, reply: StandardReply, version: number) {
  await Outbox.add(
    em,
    'cs.knowledge.standard_reply.submitted_for_review',
    {
      replyId: reply.id,
      version,
      shortcode: reply.shortcode,
      team: reply.team,
      author: reply.revision(version).author,
      revision: reply.version,
    },
    meta(reply),
  );
}

export async function writeStandardReplyPublished(em: EntityManager, reply: StandardReply) {
  const live = reply.published()!;
  await Outbox.add(
    em,
    'cs.knowledge.standard_reply.published',
    {
      replyId: reply.id,
      version: live.version,
      kind: reply.kind,
      shortcode: reply.shortcode,
      team: reply.team,
      reviewer: live.reviewer,
      revision: reply.version,
    },
    meta(reply),
  );
}

export async function writeStandardReplyArchived(em: EntityManager, reply: StandardReply, by: AgentRef) {
  await Outbox.add(
    em,
    'cs.knowledge.standard_reply.archived',
    { replyId: reply.id, archivedBy: by, revision: reply.version },
    meta(reply),
  );
}

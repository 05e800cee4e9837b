import type { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StandardReply } from '../domain/standard-reply.aggregate.js';

export async function loadStandardReply(em: EntityManager, replyId: string): Promise<StandardReply> {
  const reply = await em.findOne(StandardReply, { id: replyId });
  if (!reply) throw new NotFound('standard reply', replyId);
  return reply;
}

/** Any reply holding the shortcode in the team, live or not: shortcodes stay taken. */
export function findByShortcode(em: EntityManager, team: string, shortcode: string): Promise<StandardReply | null> {
  return em.findOne(StandardReply, { team, shortcode });
}

/** The live reply for a shortcode in the team, as agents render it. */
export function findLiveByShortcode(em: EntityManager, team: string, shortcode: string): Promise<StandardReply | null> {
  return em.findOne(StandardReply, { team, shortcode, publishedVersion: { $gt: 0 }, archived: false });
}

/**
 * The team's own replies and the shop-wide ones (team ''), by kind then shortcode: the live ones
 * (what agents get), or with `everyState` also those never published or archived (editors' views).
 */
export function listForTeam(
  em: EntityManager,
  team: string,
  kind?: StandardReplyKind,
  everyState = false,
): Promise<StandardReply[]> {
  return em.find(
    StandardReply,
    {
      team: { $in: [...new Set(['', team])] },
      ...(kind ? { kind } : {}),
      ...(everyState ? {} : { publishedVersion: { $gt: 0 }, archived: false }),
    },
    { orderBy: { kind: 'asc', shortcode: 'asc', team: 'desc' } },
  );
}

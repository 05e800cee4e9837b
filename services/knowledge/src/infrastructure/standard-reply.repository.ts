import type { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { StandardReply } from '../domain/standard-reply.aggregate.js';

export async function loadStandardReply(em: EntityManager, replyId: string): Promise<StandardReply> {
  const reply = await em.findOne(StandardReply, { id: replyId });
  if (!reply) throw new NotFound('standard reply', replyId);
  return reply;
}

export function findByShortcode(em: EntityManager, team: string, shortcode: string): Promise<StandardReply | null> {
  return em.findOne(StandardReply, { team, shortcode });
}

/** The team's own replies and the shop-wide ones (team ''), by kind then shortcode. */
export function listForTeam(em: EntityManager, team: string, kind?: StandardReplyKind): Promise<StandardReply[]> {
  return em.find(
    StandardReply,
    { team: { $in: [...new Set(['', team])] }, ...(kind ? { kind } : {}) },
    { orderBy: { kind: 'asc', shortcode: 'asc', team: 'desc' } },
  );
}

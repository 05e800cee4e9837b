import type { Conversation as ConversationView } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import type { ConversationScope } from '../domain/conversation-access.rule.js';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import type { ConversationReader } from './conversation.reader.js';
import { type Asked, onceByKey } from './once-by-key.js';
import { ensureInScope } from './staff-scope.js';

/** What a command does after the flush, when the conversation's new version is known: its events. */
export type AfterFlush = (() => Promise<void>) | undefined | void;

/**
 * Loads a conversation, checks the caller may act on it (as it stands at commit), lets the command
 * change it, commits it with its events in one transaction (retried on a concurrent edit, so the
 * state at commit decides) and returns the full view. Under an idempotency key (`once`) a retry gets
 * the first view back and changes nothing.
 */
export async function changeConversation(
  orm: MikroORM,
  reader: ConversationReader,
  conversationId: string,
  scope: ConversationScope,
  work: (em: EntityManager, c: Conversation, now: Date) => Promise<AfterFlush> | AfterFlush,
  once: { operation: string; asked: Asked } = { operation: '', asked: { idempotencyKey: '', actedBy: '' } },
): Promise<ConversationView> {
  return onceByKey(orm, once.operation, once.asked, async (em) => {
    const c = await loadConversation(em, conversationId);
    ensureInScope(scope, c);
    const after = await work(em, c, new Date());
    await em.flush();
    if (after) await after();
    return reader.full(em, c);
  });
}

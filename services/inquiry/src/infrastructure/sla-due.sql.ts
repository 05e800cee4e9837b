import type { EntityManager } from '@mikro-orm/postgresql';

/** Sets when the conversation's next SLA warning falls due (null: none until it changes); migration 0009. */
export async function setSlaDue(em: EntityManager, conversationId: string, at: Date | null): Promise<void> {
  await em.execute('update conversations set sla_due_at = ? where id = ?', [at, conversationId]);
}

/**
 * A policy changed: the open conversations it measures are re-read by the next sweep. The lookup
 * falls back to the OTHER class's policy, so a change there concerns every class of that priority.
 */
export async function recheckSlaOfPolicy(
  em: EntityManager,
  conversationClass: string,
  priority: string,
): Promise<void> {
  await em.execute(
    `update conversations set sla_due_at = now()
     where status <> 'CONVERSATION_STATUS_CLOSED' and priority = ? and (conversation_class = ? or ? = 'CONVERSATION_CLASS_OTHER')`,
    [priority, conversationClass, conversationClass],
  );
}

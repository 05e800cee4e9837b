import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { handToEscalationHolder } from './assignment.service.js';
import { conversationEscalated } from './conversation.events.js';
import { writeSystemNote } from './message.writer.js';

const levelNames: Record<string, string> = {
  ESCALATION_LEVEL_SUPERVISOR: '主管',
  ESCALATION_LEVEL_MANAGER: '客服经理',
};

/**
 * One level up the ladder, and into the hands of that level's holder (or their line). `by` is the
 * agent who asked; none when a breach did it. Call before flush; `events` after it. `released`: the
 * agent whose slot freed, whose queues can move once this commits.
 */
export async function escalateToNextLevel(
  em: EntityManager,
  c: Conversation,
  reason: string,
  at: Date,
  by?: AgentRef,
): Promise<{ events: () => Promise<void>; released: string | undefined }> {
  const levels = c.escalate();
  const handed = await handToEscalationHolder(em, c, reason, at);
  const level = levelNames[levels.to] ?? levels.to;
  const who = handed.holder ? `由 ${handed.holder.name} 接手` : `等待${level}接手`;
  writeSystemNote(em, c, `${by ? `${by.name} ` : '超时自动'}升级至${level}，${who}：${reason}`, at);
  const events = async () => {
    await conversationEscalated(em, c, levels, reason, by, handed.holder ?? undefined);
    await handed.announce?.();
  };
  return { events, released: handed.released };
}

import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { teamFor } from './classification.rule.js';
import { type ConversationScope, conversationScopeOf, type Viewer } from './conversation-access.rule.js';

/** 催付 (chasing unpaid orders) is pre-sales work: the team that sold chases the payment. */
export const PAYMENT_CHASING_TEAM = teamFor(ConversationClass.CONVERSATION_CLASS_PRE_SALES);

/**
 * Which 催付 tasks a viewer sees: all of them when their reach is the department or they are of the
 * team that chases payments; otherwise the tasks of customers whose conversations they see.
 */
export type FollowUpScope = { all: true } | { all: false; customersSeenIn: ConversationScope };

export function followUpScopeOf(viewer: Viewer): FollowUpScope {
  const conversations = conversationScopeOf(viewer);
  if (conversations.reach === 'all') return { all: true };
  if (conversations.reach !== 'none' && viewer.teams.includes(PAYMENT_CHASING_TEAM)) return { all: true };
  return { all: false, customersSeenIn: conversations };
}

import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { ConversationScope } from '../domain/conversation-access.rule.js';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const teamIn = (column: string, teams: readonly string[]): SqlCondition => ({
  sql: `${column} in (select jsonb_array_elements_text(?::jsonb))`,
  params: [JSON.stringify(teams)],
});

/**
 * The conversation-access rule (domain/conversation-access.rule.ts) as a SQL condition on the
 * conversations table under `alias`, so lists filter and page in the database; keep the two in step.
 */
export function scopeCondition(scope: ConversationScope, alias = 'conversations'): SqlCondition {
  const col = (name: string) => `${alias}.${name}`;
  switch (scope.reach) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'none':
      return { sql: 'false', params: [] };
    case 'team': {
      const team = teamIn(col('team'), scope.teams);
      return {
        sql: `(${col('assignee_id')} = ? or ${team.sql} or ${col('escalation_level')} = ?)`,
        params: [scope.agentId, ...team.params, scope.escalationLevel],
      };
    }
    case 'own': {
      const team = teamIn(col('team'), scope.teams);
      return {
        sql: `(${col('assignee_id')} = ? or (${col('status')} = ? and not ${col('awaiting_escalation_holder')} and ${team.sql}))`,
        params: [scope.agentId, ConversationStatus.CONVERSATION_STATUS_QUEUED, ...team.params],
      };
    }
  }
}

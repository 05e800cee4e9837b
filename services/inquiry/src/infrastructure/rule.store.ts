import type { ConversationClass, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { ClassificationRule, SlaPolicy } from '@cs/contracts/cs/inquiry/v1/rules_service';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TextRule } from '../domain/classification.rule.js';
import type { SlaTargets } from '../domain/sla.rule.js';

interface RuleRow {
  id: string;
  conversation_class: ConversationClass;
  kind: TextRule['kind'];
  pattern: string;
  priority: number;
  enabled: boolean;
}

const toRule = (r: RuleRow): TextRule => ({
  id: r.id,
  conversationClass: r.conversation_class,
  kind: r.kind,
  pattern: r.pattern,
  priority: r.priority,
  enabled: r.enabled,
});

export type TargetsLookup = (conversationClass: ConversationClass, priority: Priority) => SlaTargets;

const fallbackTargets: SlaTargets = { firstResponseMinutes: 3, nextResponseMinutes: 5, resolutionMinutes: 240 };

interface PolicyRow {
  conversation_class: ConversationClass;
  priority: Priority;
  first_response_minutes: number;
  next_response_minutes: number;
  resolution_minutes: number;
}

const toPolicy = (r: PolicyRow): SlaPolicy => ({
  conversationClass: r.conversation_class,
  priority: r.priority,
  firstResponseMinutes: r.first_response_minutes,
  nextResponseMinutes: r.next_response_minutes,
  resolutionMinutes: r.resolution_minutes,
});

/** Classification rules and SLA policies live in the database: the department changes them without a deploy. */
export class RuleStore {
  static readonly RULES_SQL = 'select * from classification_rules order by priority desc, id';
  static readonly POLICIES_SQL = 'select * from sla_policies';

  static async rules(em: EntityManager): Promise<TextRule[]> {
    return RuleStore.rulesOf(await em.execute<RuleRow[]>(RuleStore.RULES_SQL));
  }

  /** The rules from the rows of RULES_SQL (the lean command path reads them itself). */
  static rulesOf(rows: readonly object[]): TextRule[] {
    return (rows as unknown as RuleRow[]).map(toRule);
  }

  static async putRule(em: EntityManager, rule: ClassificationRule & { ruleId: string }): Promise<TextRule> {
    const rows = await em.execute<RuleRow[]>(
      `insert into classification_rules (id, conversation_class, kind, pattern, priority, enabled) values (?, ?, ?, ?, ?, ?)
       on conflict (id) do update set conversation_class = excluded.conversation_class, kind = excluded.kind,
         pattern = excluded.pattern, priority = excluded.priority, enabled = excluded.enabled
       returning *`,
      [rule.ruleId, rule.conversationClass, rule.kind, rule.pattern, rule.priority, rule.enabled],
    );
    return toRule(rows[0]!);
  }

  static async deleteRule(em: EntityManager, ruleId: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>('delete from classification_rules where id = ? returning id', [
      ruleId,
    ]);
    return rows.length > 0;
  }

  static async policies(em: EntityManager): Promise<SlaPolicy[]> {
    const rows = await em.execute<PolicyRow[]>('select * from sla_policies order by conversation_class, priority');
    return rows.map(toPolicy);
  }

  /**
   * Every SLA policy in one read (a few dozen rows at most), as a lookup: sweeps and reports read it
   * once instead of once per conversation. An unclassified conversation is measured against OTHER's.
   */
  static async targetsLookup(em: EntityManager): Promise<TargetsLookup> {
    return RuleStore.targetsLookupOf(await em.execute<PolicyRow[]>(RuleStore.POLICIES_SQL));
  }

  /** The SLA targets from the rows of POLICIES_SQL (the lean command path reads them itself). */
  static targetsLookupOf(policyRows: readonly object[]): TargetsLookup {
    const rows = policyRows as unknown as PolicyRow[];
    const key = (conversationClass: string, priority: string) => `${conversationClass}|${priority}`;
    const byKey = new Map(
      rows.map((r) => [
        key(r.conversation_class, r.priority),
        {
          firstResponseMinutes: r.first_response_minutes,
          nextResponseMinutes: r.next_response_minutes,
          resolutionMinutes: r.resolution_minutes,
        },
      ]),
    );
    return (conversationClass, priority) =>
      byKey.get(key(conversationClass, priority)) ??
      byKey.get(key('CONVERSATION_CLASS_OTHER', priority)) ??
      fallbackTargets;
  }

  static async putPolicy(em: EntityManager, policy: SlaPolicy): Promise<SlaPolicy> {
    const rows = await em.execute<PolicyRow[]>(
      `insert into sla_policies values (?, ?, ?, ?, ?)
       on conflict (conversation_class, priority) do update set first_response_minutes = excluded.first_response_minutes,
         next_response_minutes = excluded.next_response_minutes, resolution_minutes = excluded.resolution_minutes
       returning *`,
      [
        policy.conversationClass,
        policy.priority,
        policy.firstResponseMinutes,
        policy.nextResponseMinutes,
        policy.resolutionMinutes,
      ],
    );
    return toPolicy(rows[0]!);
  }
}

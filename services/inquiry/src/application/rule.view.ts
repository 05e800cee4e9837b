import type { ClassificationRule } from '@cs/contracts/cs/inquiry/v1/rules_service';
import type { TextRule } from '../domain/classification.rule.js';

export function ruleView(r: TextRule): ClassificationRule {
  return {
    ruleId: r.id,
    conversationClass: r.conversationClass,
    kind: r.kind,
    pattern: r.pattern,
    priority: r.priority,
    enabled: r.enabled,
  };
}

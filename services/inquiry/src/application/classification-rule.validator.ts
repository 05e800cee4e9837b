import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { type ClassificationRule, PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { isValidKeyword, isValidPattern } from '../domain/classification.rule.js';

export function validateClassificationRule(rule: ClassificationRule | undefined): ClassificationRule {
  const violations = new Violations();
  if (!rule) violations.add('rule', 'is required').throwIfAny();
  const r = rule!;
  checkEnum(r.conversationClass, knownValues(ConversationClass), 'rule.conversation_class', violations);
  checkEnum(r.kind, knownValues(PatternKind), 'rule.kind', violations);
  violations.require('rule.pattern', r.pattern);
  if (r.pattern.length > 200) violations.add('rule.pattern', 'must be at most 200 characters');
  else if (r.kind === PatternKind.PATTERN_KIND_REGEX && r.pattern && !isValidPattern(r.pattern))
    violations.add('rule.pattern', 'is not a valid regular expression');
  else if (r.kind === PatternKind.PATTERN_KIND_KEYWORD && r.pattern && !isValidKeyword(r.pattern))
    violations.add('rule.pattern', 'has an empty term: write terms joined by "+", e.g. 改+地址');
  if (!Number.isInteger(r.priority) || r.priority < 0 || r.priority > 1000)
    violations.add('rule.priority', 'must be 0..1000');
  if (r.ruleId.length > 64) violations.add('rule.rule_id', 'must be at most 64 characters');
  violations.throwIfAny();
  return r;
}

import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';

/** A rule as the department writes it: a keyword or a pattern that means a class. */
export interface TextRule {
  id: string;
  conversationClass: ConversationClass;
  kind: PatternKind;
  pattern: string;
  priority: number;
  enabled: boolean;
}

export interface Classification {
  conversationClass: ConversationClass;
  /** The rule that decided; undefined when none matched (class OTHER). */
  ruleId?: string;
}

/** Whether a regex pattern compiles; rules are checked when saved, so classify never throws. */
export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

function matches(text: string, rule: TextRule): boolean {
  if (rule.kind === PatternKind.PATTERN_KIND_REGEX) {
    return isValidPattern(rule.pattern) && new RegExp(rule.pattern, 'iu').test(text);
  }
  return text.toLowerCase().includes(rule.pattern.toLowerCase());
}

/**
 * 分类处理: the enabled rule with the highest priority that matches the customer's words decides
 * (ties: the earlier rule id, so the outcome never depends on load order); nothing matches → OTHER.
 */
export function classify(text: string, rules: readonly TextRule[]): Classification {
  const ordered = rules.filter((r) => r.enabled).sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const rule = ordered.find((r) => matches(text, r));
  return rule
    ? { conversationClass: rule.conversationClass, ruleId: rule.id }
    : { conversationClass: ConversationClass.CONVERSATION_CLASS_OTHER };
}

/** The team queue each class is routed to. */
export const teamOfClass: Record<ConversationClass, string> = {
  [ConversationClass.CONVERSATION_CLASS_UNSPECIFIED]: 'general',
  [ConversationClass.CONVERSATION_CLASS_PRE_SALES]: 'pre-sales',
  [ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE]: 'order-change',
  [ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING]: 'tracking',
  [ConversationClass.CONVERSATION_CLASS_AFTER_SALES]: 'after-sales',
  [ConversationClass.CONVERSATION_CLASS_COMPLAINT]: 'complaints',
  [ConversationClass.CONVERSATION_CLASS_OTHER]: 'general',
};

export function teamFor(conversationClass: ConversationClass): string {
  return teamOfClass[conversationClass];
}

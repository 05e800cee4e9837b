import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { keywordMatches, type PreparedText, prepare } from './classification-text.js';

/**
 * A rule as the department writes it: a keyword (terms joined by "+" must all occur; each term
 * stands for its synonyms) or a regular expression that means a class, with a priority (its weight).
 */
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

/** Whether a keyword pattern names at least one term ("+" joins terms that must all occur). */
export function isValidKeyword(pattern: string): boolean {
  return !pattern.split('+').some((t) => !t.trim());
}

function matches(text: PreparedText, raw: string, rule: TextRule): boolean {
  if (rule.kind === PatternKind.PATTERN_KIND_REGEX) {
    if (!isValidPattern(rule.pattern)) return false;
    const re = new RegExp(rule.pattern, 'iu');
    return re.test(raw) || re.test(text.plain);
  }
  return keywordMatches(text, rule.pattern);
}

interface Evidence {
  top: TextRule;
  total: number;
}

const ruleOrder = (a: TextRule, b: TextRule) => b.priority - a.priority || a.id.localeCompare(b.id);

/**
 * 分类处理 (rule: front-line.classification): every enabled rule that matches the customer's words
 * is evidence for its class, weighted by its priority. The class of the heaviest single rule wins,
 * so a specific rule ("改+地址", weight 75) outweighs a loose word and a complaint outweighs the
 * refund it mentions; between classes whose heaviest rules weigh the same, the one with more
 * evidence (total weight) wins, then the earlier rule id, so the outcome never depends on load
 * order. Nothing matches → OTHER. Keywords are read through synonyms and normalisation
 * (classification-text.ts): 我要修改收货地址 and 能改一下地址吗 both match "改+地址".
 */
export function classify(text: string, rules: readonly TextRule[]): Classification {
  const prepared = prepare(text);
  const byClass = new Map<ConversationClass, Evidence>();
  for (const rule of rules) {
    if (!rule.enabled || !matches(prepared, text, rule)) continue;
    const found = byClass.get(rule.conversationClass);
    if (!found) byClass.set(rule.conversationClass, { top: rule, total: rule.priority });
    else {
      found.total += rule.priority;
      if (ruleOrder(rule, found.top) < 0) found.top = rule;
    }
  }
  const [winner] = [...byClass.values()].sort(
    (a, b) => b.top.priority - a.top.priority || b.total - a.total || a.top.id.localeCompare(b.top.id),
  );
  return winner
    ? { conversationClass: winner.top.conversationClass, ruleId: winner.top.id }
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

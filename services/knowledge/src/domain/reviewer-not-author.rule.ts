import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { RuleViolation } from '@cs/errors';
import { ARTICLE_RULE, type ReviewRules } from './version-flow.rule.js';

/** Four eyes (审核): the reviewer who approves or sends back a version is never its author. */
export function checkReviewerIsNotAuthor(
  reviewer: AgentRef,
  author: AgentRef,
  version: number,
  rules: Pick<ReviewRules, 'reviewerIsNotAuthor'> = ARTICLE_RULE,
): void {
  if (reviewer.agentId === author.agentId) {
    throw new RuleViolation(
      rules.reviewerIsNotAuthor,
      `version ${version} was written by ${author.name || author.agentId}: another reviewer must review it`,
    );
  }
}

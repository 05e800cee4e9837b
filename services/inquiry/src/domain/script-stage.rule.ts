import { ScriptStage } from '@cs/contracts/cs/inquiry/v1/conversation';
import { RuleViolation } from '@cs/errors';

export const SCRIPT_MOVES_FORWARD_RULE = 'front-line.script-moves-forward';

const order = [
  ScriptStage.SCRIPT_STAGE_UNSPECIFIED,
  ScriptStage.SCRIPT_STAGE_GREETING,
  ScriptStage.SCRIPT_STAGE_PROMOTION,
  ScriptStage.SCRIPT_STAGE_PRODUCT,
  ScriptStage.SCRIPT_STAGE_ORDER_CONFIRMATION,
  ScriptStage.SCRIPT_STAGE_FOLLOW_SHOP,
];

/**
 * 服务流程: greeting → promotion notice → product introduction → order confirmation → invite to
 * follow the shop. The script only moves forward (a stage may be skipped, not revisited).
 */
export function advanceScript(current: ScriptStage, next: ScriptStage): ScriptStage {
  if (order.indexOf(next) <= order.indexOf(current)) {
    throw new RuleViolation(SCRIPT_MOVES_FORWARD_RULE, `the script is at ${current}; ${next} is not ahead of it`);
  }
  return next;
}

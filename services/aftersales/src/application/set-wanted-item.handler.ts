import type { SetWantedItemRequest, SetWantedItemResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

const MAX_ATTRIBUTES = 20;

/** 换货: set or change the item the customer wants in exchange, until the replacement is shipped. */
@Injectable()
export class SetWantedItemHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: SetWantedItemRequest, actor: AgentRef): Promise<SetWantedItemResponse> {
    const violations = CaseStepRunner.violations(request);
    const item = request.wantedItem;
    violations.require('wanted_item.sku', item?.sku, 'is required: the item the customer wants instead');
    checkLength(item?.sku, 'wanted_item.sku', 64, violations);
    checkLength(item?.title, 'wanted_item.title', 200, violations);
    const quantity = item?.quantity || 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 999)
      violations.add('wanted_item.quantity', 'must be 1..999 (0 means 1)');
    const attributes = Object.entries(item?.attributes ?? {});
    if (attributes.length > MAX_ATTRIBUTES)
      violations.add('wanted_item.attributes', `must hold at most ${MAX_ATTRIBUTES} attributes`);
    for (const [name, value] of attributes) {
      if (!name.trim() || name.length > 32) violations.add('wanted_item.attributes', 'names must be 1..32 characters');
      else if (!value.trim() || value.length > 64)
        violations.add(`wanted_item.attributes[${name}]`, 'must be 1..64 characters');
    }
    return this.steps.run('SetWantedItem', request, actor, violations, (kase, agent, at) =>
      kase.setWantedItem(agent, at, {
        sku: item!.sku,
        title: item!.title,
        quantity,
        attributes: Object.fromEntries(attributes),
      }),
    );
  }
}

import { PermissionDenied } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { CREDIT_ANOTHER_AGENT_RULE, checkMayCreditSale } from '../../src/domain/sale-credit.rule.js';

const seller = { agentId: 'f-2', name: '王五' };
const as = (agentId: string, ...roles: string[]) => ({ agentId, name: '某人', roles });

describe('order-desk.only-supervisors-credit-another-agent', () => {
  it('an agent credits their own sale', () => {
    expect(() => checkMayCreditSale(as('f-2', 'front-line-agent'), seller)).not.toThrow();
  });

  it("an agent cannot credit a colleague's sale: PERMISSION_DENIED naming the rule", () => {
    for (const role of ['front-line-agent', 'order-desk-clerk']) {
      expect(() => checkMayCreditSale(as('f-9', role), seller)).toThrow(PermissionDenied);
      expect(() => checkMayCreditSale(as('f-9', role), seller)).toThrow(CREDIT_ANOTHER_AGENT_RULE);
    }
  });

  it('supervisors, managers and a platform service credit anyone', () => {
    for (const role of ['supervisor', 'manager', 'service']) {
      expect(() => checkMayCreditSale(as('s-1', role), seller)).not.toThrow();
    }
  });
});

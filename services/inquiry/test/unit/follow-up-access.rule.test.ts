import { describe, expect, it } from 'vitest';
import { followUpScopeOf, PAYMENT_CHASING_TEAM } from '../../src/domain/follow-up-access.rule.js';

describe('催付 tasks: the pre-sales team’s work', () => {
  it('the team that chases payments is pre-sales', () => {
    expect(PAYMENT_CHASING_TEAM).toBe('pre-sales');
  });

  it.each([
    ['a pre-sales agent', ['front-line-agent'], ['pre-sales'], true],
    ['a pre-sales supervisor', ['supervisor'], ['pre-sales'], true],
    ['the manager', ['manager'], [], true],
    ['a tracking agent', ['front-line-agent'], ['tracking'], false],
    ['a tracking supervisor', ['supervisor'], ['tracking'], false],
  ])('%s sees every task: %s', (_, roles, teams, all) => {
    expect(followUpScopeOf({ agentId: 'x', roles, teams }).all).toBe(all);
  });

  it('anyone else sees the tasks of customers whose conversations they see', () => {
    expect(followUpScopeOf({ agentId: 'a-7', roles: ['front-line-agent'], teams: ['tracking'] })).toEqual({
      all: false,
      customersSeenIn: { reach: 'own', agentId: 'a-7', teams: ['tracking'] },
    });
  });

  it('a role that works on no conversation sees none, whatever its team claim', () => {
    expect(followUpScopeOf({ agentId: 'x', roles: ['integrator'], teams: ['pre-sales'] })).toEqual({
      all: false,
      customersSeenIn: { reach: 'none' },
    });
  });
});

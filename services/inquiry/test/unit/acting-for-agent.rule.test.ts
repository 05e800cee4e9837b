import { describe, expect, it } from 'vitest';
import { mayActForAgent } from '../../src/domain/acting-for-agent.rule.js';

describe('an agent’s own desk work (presence, handover, their day) is theirs; a supervisor or the manager may do it for them', () => {
  it.each([
    ['a front-line agent, for themselves', ['front-line-agent'], 'a-7', true],
    ['a front-line agent, for a colleague', ['front-line-agent'], 'a-8', false],
    ['a supervisor, for an agent', ['supervisor'], 'a-8', true],
    ['the manager, for an agent', ['manager'], 'a-8', true],
    ['a platform admin, for an agent', ['platform-admin'], 'a-8', false],
  ])('%s', (_, roles, agentId, may) => {
    expect(mayActForAgent({ agentId: 'a-7', roles }, agentId)).toBe(may);
  });
});

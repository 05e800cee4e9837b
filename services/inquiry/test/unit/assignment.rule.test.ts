import { describe, expect, it } from 'vitest';
import { type AssignmentCandidate, oldestFirst, pickAgent, rankCandidates } from '../../src/domain/assignment.rule.js';

const agent = (
  agentId: string,
  open: number,
  capacity: number,
  lastAssignedAt: string | null = null,
): AssignmentCandidate => ({
  agentId,
  openConversations: open,
  capacity,
  lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null,
});

describe('assignment: least-loaded agent under capacity', () => {
  it('picks the least-loaded agent', () => {
    expect(pickAgent([agent('a', 3, 5), agent('b', 1, 5), agent('c', 2, 5)])?.agentId).toBe('b');
  });

  it('never picks an agent at capacity, however idle', () => {
    expect(pickAgent([agent('full', 2, 2), agent('busy', 4, 5)])?.agentId).toBe('busy');
  });

  it('nobody under capacity: undefined, so the conversation waits in the team queue', () => {
    expect(pickAgent([agent('a', 3, 3), agent('b', 0, 0)])).toBeUndefined();
    expect(pickAgent([])).toBeUndefined();
  });

  it('equal load: the agent idle longest gets it, then by id', () => {
    expect(
      pickAgent([agent('x', 1, 5, '2026-11-22T02:00:00Z'), agent('y', 1, 5, '2026-11-22T01:00:00Z')])?.agentId,
    ).toBe('y');
    expect(rankCandidates([agent('b', 0, 5), agent('a', 0, 5)]).map((c) => c.agentId)).toEqual(['a', 'b']);
  });
});

describe('team queue: oldest first', () => {
  it('serves the conversation that has waited longest first', () => {
    const queue = [
      { conversationId: 'late', queuedAt: new Date('2026-11-22T02:00:00Z') },
      { conversationId: 'early', queuedAt: new Date('2026-11-22T01:00:00Z') },
      { conversationId: 'mid', queuedAt: new Date('2026-11-22T01:30:00Z') },
    ];
    expect(oldestFirst(queue).map((q) => q.conversationId)).toEqual(['early', 'mid', 'late']);
  });
});

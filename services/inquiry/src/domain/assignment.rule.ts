import type { EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';

/** An agent as assignment sees one: only those online, with the skill and not the main account are offered. */
export interface AssignmentCandidate {
  agentId: string;
  openConversations: number;
  capacity: number;
  /** Longest-idle first among equally loaded agents. */
  lastAssignedAt: Date | null;
}

export interface QueuedConversation {
  conversationId: string;
  queuedAt: Date;
}

export function hasCapacity(candidate: AssignmentCandidate): boolean {
  return candidate.openConversations < candidate.capacity;
}

/**
 * The candidates in the order assignment tries them: under capacity only, least-loaded first,
 * then the one who waited longest since their last conversation, then by id (stable).
 */
export function rankCandidates(candidates: readonly AssignmentCandidate[]): AssignmentCandidate[] {
  const idle = (c: AssignmentCandidate) => c.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return candidates
    .filter(hasCapacity)
    .sort(
      (a, b) => a.openConversations - b.openConversations || idle(a) - idle(b) || a.agentId.localeCompare(b.agentId),
    );
}

/** The least-loaded online agent with the skill and room for one more; undefined → the team queue. */
export function pickAgent(candidates: readonly AssignmentCandidate[]): AssignmentCandidate | undefined {
  return rankCandidates(candidates)[0];
}

/** A team queue is served oldest first (ties by id, so replicas agree). */
export function oldestFirst<T extends QueuedConversation>(queue: readonly T[]): T[] {
  return [...queue].sort(
    (a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.conversationId.localeCompare(b.conversationId),
  );
}

/** Where a conversation waits: its team's queue, or, escalated, the line for a supervisor or the manager. */
export type WaitingLine = { team: string } | { escalationLevel: EscalationLevel };

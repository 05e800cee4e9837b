import { randomUUID } from 'node:crypto';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import {
  type Channel,
  ClassificationSource,
  CloseReason,
  ConversationClass,
  ConversationStatus,
  EscalationLevel,
  type Priority,
  ScriptStage,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import { RuleViolation } from '@cs/errors';
import { businessMinutesBetween, type Pause, type ShiftCalendar } from './business-hours.rule.js';
import { nextEscalationLevel } from './escalation.rule.js';
import { advanceScript } from './script-stage.rule.js';

export const CLOSED_CONVERSATION_RULE = 'front-line.closed-conversation-cannot-change';
export const RESULT_REQUIRED_RULE = 'front-line.record-needs-a-result';

/** One hand in the conversation's history: to a team queue (agent null) or to an agent. */
export interface AssignmentRecord {
  team: string;
  agent: AgentRef | null;
  reason: string;
  at: string;
}

export interface StoredPause {
  from: string;
  to: string | null;
}

export interface OpeningFacts {
  channel: Channel;
  customer: CustomerRef;
  orderId: string | null;
  priority: Priority;
  sentAt: Date;
}

/** A contact with a customer (咨询), from the first message to closing, with its record. */
export class Conversation {
  id!: string;
  channel!: Channel;
  customer!: CustomerRef;
  orderId!: string | null;
  conversationClass!: ConversationClass;
  classificationSource!: ClassificationSource;
  priority!: Priority;
  status!: ConversationStatus;
  team!: string;
  assignee!: AgentRef | null;
  assigneeId!: string | null;
  escalationLevel!: EscalationLevel;
  /** Queued for a supervisor or the manager (the holder of its escalation level), not for its team. */
  awaitingEscalationHolder!: boolean;
  scriptStage!: ScriptStage;
  problem!: string;
  handlingSteps!: string[];
  result!: string;
  assignments!: AssignmentRecord[];
  openedAt!: Date;
  queuedAt!: Date | null;
  lastCustomerAt!: Date;
  firstResponseAt!: Date | null;
  firstResponseMinutes!: number | null;
  /** The earliest customer message not yet answered, after the first reply (next-response clock). */
  awaitingReplySince!: Date | null;
  /** The latest agent reply: a customer message sent before it (delivered late) waits from the reply on. */
  lastReplyAt!: Date | null;
  nextResponseMinutes!: number[];
  pauses!: StoredPause[];
  /** SLA warnings already raised, by clock key: each is raised once. */
  slaWarnings!: Record<string, 'near' | 'breached'>;
  orderConfirmedAt!: Date | null;
  closedAt!: Date | null;
  closeReason!: CloseReason;
  version!: number;

  static open(facts: OpeningFacts): Conversation {
    return Object.assign(new Conversation(), {
      id: randomUUID(),
      channel: facts.channel,
      customer: facts.customer,
      orderId: facts.orderId,
      conversationClass: ConversationClass.CONVERSATION_CLASS_UNSPECIFIED,
      classificationSource: ClassificationSource.CLASSIFICATION_SOURCE_UNSPECIFIED,
      priority: facts.priority,
      status: ConversationStatus.CONVERSATION_STATUS_QUEUED,
      team: 'general',
      assignee: null,
      assigneeId: null,
      escalationLevel: EscalationLevel.ESCALATION_LEVEL_AGENT,
      awaitingEscalationHolder: false,
      scriptStage: ScriptStage.SCRIPT_STAGE_UNSPECIFIED,
      problem: '',
      handlingSteps: [],
      result: '',
      assignments: [],
      openedAt: facts.sentAt,
      queuedAt: null,
      lastCustomerAt: facts.sentAt,
      firstResponseAt: null,
      firstResponseMinutes: null,
      awaitingReplySince: null,
      lastReplyAt: null,
      nextResponseMinutes: [],
      pauses: [],
      slaWarnings: {},
      orderConfirmedAt: null,
      closedAt: null,
      closeReason: CloseReason.CLOSE_REASON_UNSPECIFIED,
    });
  }

  isClosed(): boolean {
    return this.status === ConversationStatus.CONVERSATION_STATUS_CLOSED;
  }

  waitingOnCustomer(): boolean {
    return this.pauses.some((p) => p.to === null);
  }

  pauseSpans(): Pause[] {
    return this.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
  }

  ensureOpen(): void {
    if (this.isClosed()) throw new RuleViolation(CLOSED_CONVERSATION_RULE, `conversation ${this.id} is closed`);
  }

  /** The customer wrote: a pause for them ends, and an unanswered message starts the next-response clock. */
  receiveCustomerMessage(sentAt: Date): void {
    this.ensureOpen();
    if (sentAt > this.lastCustomerAt) this.lastCustomerAt = sentAt;
    this.pauses = this.pauses.map((p) =>
      p.to === null ? { ...p, to: new Date(Math.max(sentAt.getTime(), Date.parse(p.from))).toISOString() } : p,
    );
    if (this.firstResponseAt && !this.awaitingReplySince) {
      const lastReply = this.lastReplyAt ?? this.firstResponseAt;
      this.awaitingReplySince = sentAt > lastReply ? sentAt : lastReply;
    }
  }

  /** Classified by the rules or an agent; false when nothing changed. */
  classify(conversationClass: ConversationClass, source: ClassificationSource): boolean {
    if (this.conversationClass === conversationClass && this.classificationSource === source) return false;
    this.conversationClass = conversationClass;
    this.classificationSource = source;
    return true;
  }

  /** The rules may refine their own guess (a greeting first, the question later); an agent's choice stands. */
  mayReclassifyByRules(): boolean {
    return (
      this.classificationSource !== ClassificationSource.CLASSIFICATION_SOURCE_AGENT &&
      this.conversationClass === ConversationClass.CONVERSATION_CLASS_OTHER
    );
  }

  assignTo(agent: AgentRef, team: string, reason: string, at: Date): void {
    this.ensureOpen();
    this.status = ConversationStatus.CONVERSATION_STATUS_ASSIGNED;
    this.team = team;
    this.assignee = agent;
    this.assigneeId = agent.agentId;
    this.queuedAt = null;
    this.awaitingEscalationHolder = false;
    this.assignments = [...this.assignments, { team, agent, reason, at: at.toISOString() }];
  }

  /** Into the team queue; it keeps its place by the time it first waited there. */
  queueFor(team: string, reason: string, at: Date): void {
    this.ensureOpen();
    this.status = ConversationStatus.CONVERSATION_STATUS_QUEUED;
    if (this.team !== team || !this.queuedAt || this.awaitingEscalationHolder) this.queuedAt = at;
    this.team = team;
    this.awaitingEscalationHolder = false;
    this.unassign(reason, at);
  }

  /** Escalated with no supervisor or manager free: it waits for one, from now, ahead of no team. */
  queueForEscalationHolder(reason: string, at: Date): void {
    this.ensureOpen();
    this.status = ConversationStatus.CONVERSATION_STATUS_QUEUED;
    this.queuedAt = at;
    this.awaitingEscalationHolder = true;
    this.unassign(reason, at);
  }

  private unassign(reason: string, at: Date): void {
    this.assignee = null;
    this.assigneeId = null;
    this.assignments = [...this.assignments, { team: this.team, agent: null, reason, at: at.toISOString() }];
  }

  /** An agent answered: stops the running response clock; asking the customer for something pauses the clocks. */
  reply(at: Date, awaitingCustomer: boolean, calendar: ShiftCalendar): void {
    this.ensureOpen();
    const pauses = this.pauseSpans();
    if (!this.firstResponseAt) {
      this.firstResponseAt = at;
      this.firstResponseMinutes = businessMinutesBetween(this.openedAt, at, calendar, pauses);
    } else if (this.awaitingReplySince) {
      this.nextResponseMinutes = [
        ...this.nextResponseMinutes,
        businessMinutesBetween(this.awaitingReplySince, at, calendar, pauses),
      ];
    }
    this.awaitingReplySince = null;
    this.lastReplyAt = at;
    if (awaitingCustomer && !this.waitingOnCustomer()) {
      this.pauses = [...this.pauses, { from: at.toISOString(), to: null }];
    }
  }

  /**
   * Who answers for the conversation's figures in the per-agent report: the first agent who took it.
   * Escalating or transferring it later does not move a slow first response or a breach to the
   * supervisor or colleague who took it over.
   */
  accountableAgentId(): string | null {
    return this.assignments.find((a) => a.agent)?.agent?.agentId ?? null;
  }

  /** One level up the ladder; returns the levels for the event. */
  escalate(): { from: EscalationLevel; to: EscalationLevel } {
    this.ensureOpen();
    const from = this.escalationLevel;
    this.escalationLevel = nextEscalationLevel(from);
    return { from, to: this.escalationLevel };
  }

  recordProblem(problem: string): void {
    this.ensureOpen();
    this.problem = problem;
  }

  addHandlingStep(step: string): void {
    this.ensureOpen();
    this.handlingSteps = [...this.handlingSteps, step];
  }

  recordResult(result: string): void {
    this.ensureOpen();
    this.result = result;
  }

  advanceScript(stage: ScriptStage): void {
    this.ensureOpen();
    this.scriptStage = advanceScript(this.scriptStage, stage);
  }

  /** The order is confirmed: the conversation must close promptly once the customer goes quiet. */
  confirmOrder(orderId: string, at: Date): void {
    this.ensureOpen();
    this.orderId = orderId;
    this.orderConfirmedAt = at;
  }

  /** Quiet long enough after the order was confirmed (an open window lowers the response-rate score). */
  isDueForAutoClose(now: Date, quietMs: number): boolean {
    if (this.isClosed() || !this.orderConfirmedAt) return false;
    const lastActivity = Math.max(this.orderConfirmedAt.getTime(), this.lastCustomerAt.getTime());
    return now.getTime() - lastActivity >= quietMs;
  }

  /** Closing ends every clock; the record must say how it ended. Returns the agent whose load frees. */
  close(reason: CloseReason, at: Date, result?: string): string | null {
    this.ensureOpen();
    if (result) this.result = result;
    if (!this.result && reason === CloseReason.CLOSE_REASON_AGENT) {
      throw new RuleViolation(RESULT_REQUIRED_RULE, 'say how it ended: the record needs a result before closing');
    }
    if (!this.result) this.result = '订单已确认，客户无进一步咨询';
    const released = this.status === ConversationStatus.CONVERSATION_STATUS_ASSIGNED ? this.assigneeId : null;
    this.status = ConversationStatus.CONVERSATION_STATUS_CLOSED;
    this.closedAt = at;
    this.closeReason = reason;
    this.queuedAt = null;
    this.awaitingEscalationHolder = false;
    this.pauses = this.pauses.map((p) => (p.to === null ? { ...p, to: at.toISOString() } : p));
    return released;
  }
}

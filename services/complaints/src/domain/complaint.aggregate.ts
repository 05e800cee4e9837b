import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import {
  type AgreementChannel,
  ComplaintNature,
  type ComplaintSource,
  ComplaintStage,
  EscalationLevel,
  ExecutionStatus,
  RemedyKind,
  ResponsibleParty,
  type Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import type {
  AnalysisRecord,
  EvaluationRecord,
  EvidenceRecord,
  ExecutionRecord,
  FactsRecord,
  RemedyOptionRecord,
  RootCauseRecord,
  RoundRecord,
  StepRecord,
} from './complaint-records.js';
import { initialEscalationLevel, nextEscalationLevel } from './escalation.rule.js';
import { missingFacts, REQUIRED_FACTS_RULE } from './required-facts.rule.js';

/** Stable names of the complaint desk's rules, as FAILED_PRECONDITION carries them. */
export const COMPLAINT_RULE = {
  archivedReadOnly: 'complaints.archive.read-only',
  requiredFacts: REQUIRED_FACTS_RULE,
  factsWhileVerifying: 'complaints.verification.facts-while-verifying',
  verifyOnce: 'complaints.verification.once',
  analysisAfterVerification: 'complaints.analysis.after-verification',
  agentNamedWhenAgentResponsible: 'complaints.analysis.agent-named',
  proposeAfterAnalysis: 'complaints.proposal.after-analysis',
  oneOpenRound: 'complaints.proposal.one-open-round',
  choiceNeedsOpenRound: 'complaints.proposal.choice-needs-open-round',
  compensationOnlyForCompensation: 'complaints.execution.compensation-for-compensation-remedy',
  confirmAfterExecution: 'complaints.confirmation.after-execution',
  evaluationAfterArchive: 'complaints.evaluation.after-archive',
  evaluatedOnce: 'complaints.evaluation.once',
  aboveManager: 'complaints.escalation.nobody-above-manager',
  evidenceLimit: 'complaints.evidence.at-most-nine',
} as const;

export const MAX_EVIDENCE = 9;

/** Remedies an after-sales case carries out (the rest the complaint desk records itself). */
export const AFTERSALES_REMEDIES: readonly RemedyKind[] = [
  RemedyKind.REMEDY_KIND_REISSUE,
  RemedyKind.REMEDY_KIND_RETURN_AND_REFUND,
  RemedyKind.REMEDY_KIND_PARTIAL_REFUND,
  RemedyKind.REMEDY_KIND_EXCHANGE,
];

/** When the step a file just entered is due (step-deadline.rule.ts with the configured policy). */
export type StepDeadline = (stage: ComplaintStage, severity: Severity, enteredAt: Date) => Date | undefined;

export interface ComplaintIntake {
  id: string;
  number: string;
  source: ComplaintSource;
  sourceReference: string;
  /** One file per originating event or reference: unique in the table. */
  sourceKey?: string;
  customer: CustomerRef;
  conversationId: string;
  orderIds: string[];
  skus: string[];
  description: string;
  remedySought: string;
  claimedNature: ComplaintNature;
  severity: Severity;
  externalDeadline?: Date;
  openedBy: AgentRef;
}

export interface AnalysisInput {
  nature: ComplaintNature;
  severity: Severity;
  responsibleParty: ResponsibleParty;
  responsibleAgent?: AgentRef;
  rootCause: RootCauseRecord;
  note: string;
}

export interface ProposedOption {
  kind: RemedyKind;
  days: number;
  amount?: Money;
  description: string;
}

export interface CustomerAnswer {
  optionId: string;
  refusedAll: boolean;
  via: AgreementChannel;
  answeredAt: Date;
  words: string;
}

const iso = (at: Date) => at.toISOString();
const levelRank = (level: EscalationLevel) =>
  [
    EscalationLevel.ESCALATION_LEVEL_UNSPECIFIED,
    EscalationLevel.ESCALATION_LEVEL_AGENT,
    EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    EscalationLevel.ESCALATION_LEVEL_MANAGER,
  ].indexOf(level);

/**
 * The complaint file (投诉处理登记表) and its seven steps: intake opens it in VERIFYING; verifying →
 * analysing → proposing → executing → confirming → archived; the revisit's evaluation is kept on the
 * archived file. Every step appends a StepRecord (who, when, which stages); the application layer
 * turns new records into events and complaint_step rows.
 */
export class Complaint {
  id!: string;
  number!: string;
  source!: ComplaintSource;
  sourceReference!: string;
  sourceKey?: string | null;
  customerId!: string;
  customer!: CustomerRef;
  conversationId!: string;
  description!: string;
  remedySought!: string;
  claimedNature!: ComplaintNature;
  stage!: ComplaintStage;
  stageEnteredAt!: Date;
  severity!: Severity;
  /** The analysis' nature, else the claimed one. */
  nature!: ComplaintNature;
  escalationLevel!: EscalationLevel;
  handlerAgentId?: string | null;
  handlerName?: string | null;
  stepDueAt?: Date | null;
  externalDeadline?: Date | null;
  incidentId?: string | null;
  facts!: FactsRecord;
  skus!: string[];
  evidence!: EvidenceRecord[];
  analysis?: AnalysisRecord | null;
  rootCauseType?: string | null;
  rootCauseCategory?: string | null;
  rootCauseSubcategory?: string | null;
  responsibleParty?: string | null;
  responsibleAgentId?: string | null;
  responsibleAgentName?: string | null;
  rounds!: RoundRecord[];
  remedyKind?: string | null;
  execution?: ExecutionRecord | null;
  evaluation?: EvaluationRecord | null;
  evaluationScore?: number | null;
  revisitDueAt?: Date | null;
  openedAt!: Date;
  archivedAt?: Date | null;
  updatedAt!: Date;
  version!: number;
  /** Loaded from and appended to complaint_step by the repository; not a column. */
  steps: StepRecord[] = [];

  /** Step 1 (受理): the file opens in verification; critical complaints start with a supervisor. */
  static open(intake: ComplaintIntake, at: Date): Complaint {
    const c = new Complaint();
    c.id = intake.id;
    c.number = intake.number;
    c.source = intake.source;
    c.sourceReference = intake.sourceReference;
    c.sourceKey = intake.sourceKey ?? null;
    c.customer = intake.customer;
    c.customerId = intake.customer.customerId;
    c.conversationId = intake.conversationId;
    c.description = intake.description;
    c.remedySought = intake.remedySought;
    c.claimedNature = intake.claimedNature;
    c.nature = intake.claimedNature;
    c.severity = intake.severity;
    c.escalationLevel = initialEscalationLevel(intake.severity);
    c.externalDeadline = intake.externalDeadline ?? null;
    c.facts = {
      orderIds: intake.orderIds,
      productModel: '',
      skus: intake.skus,
      whatHappened: intake.description,
      waybillNo: '',
    };
    c.skus = [...intake.skus];
    c.evidence = [];
    c.rounds = [];
    c.openedAt = at;
    c.updatedAt = at;
    c.version = 1;
    c.stage = ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED;
    c.moveTo(ComplaintStage.COMPLAINT_STAGE_VERIFYING, 'opened', intake.openedBy, at, intake.source);
    return c;
  }

  isArchived(): boolean {
    return this.stage === ComplaintStage.COMPLAINT_STAGE_ARCHIVED;
  }

  /** The open round (proposed, not yet answered), if any. */
  openRound(): RoundRecord | undefined {
    const last = this.rounds.at(-1);
    return last && !last.chosenOptionId && !last.refused ? last : undefined;
  }

  /** The handler takes the file (or a supervisor hands it to someone). */
  assign(handler: AgentRef, actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    this.handlerAgentId = handler.agentId;
    this.handlerName = handler.name;
    this.record('assigned', actor, at, `handler ${handler.name} (${handler.agentId})`);
  }

  /** Step 2: the facts as verified so far (they replace the earlier ones). */
  recordFacts(facts: FactsRecord, claimedNature: ComplaintNature, actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    if (this.stage !== ComplaintStage.COMPLAINT_STAGE_VERIFYING)
      throw new RuleViolation(
        COMPLAINT_RULE.factsWhileVerifying,
        `the facts are recorded while verifying; this file is ${this.stage}`,
      );
    this.facts = facts;
    this.skus = [...new Set(facts.skus)];
    if (claimedNature !== ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED) {
      this.claimedNature = claimedNature;
      if (!this.analysis) this.nature = claimedNature;
    }
    this.record('facts-recorded', actor, at, '');
  }

  /** Step 2: photos and screenshots, at most nine on a file; not after archiving. */
  attachEvidence(records: EvidenceRecord[], actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    if (this.evidence.length + records.length > MAX_EVIDENCE)
      throw new RuleViolation(
        COMPLAINT_RULE.evidenceLimit,
        `a file holds at most ${MAX_EVIDENCE} photos; it has ${this.evidence.length}`,
      );
    this.evidence = [...this.evidence, ...records];
    this.record('evidence-attached', actor, at, `${records.length} photo(s)`);
  }

  /** Ends step 2: only once the facts the claimed nature requires are on the file. */
  completeVerification(note: string, actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    if (this.stage !== ComplaintStage.COMPLAINT_STAGE_VERIFYING)
      throw new RuleViolation(COMPLAINT_RULE.verifyOnce, `verification already ended; this file is ${this.stage}`);
    const missing = missingFacts(this.claimedNature, this.facts, this.evidence);
    if (missing.length)
      throw new RuleViolation(
        COMPLAINT_RULE.requiredFacts,
        `a ${this.claimedNature} complaint needs ${missing.join(', ')} before verification ends`,
      );
    this.moveTo(ComplaintStage.COMPLAINT_STAGE_ANALYSING, 'verified', actor, at, note);
  }

  /**
   * Step 3, or a correction of it until archived. Returns the agent named responsible before this
   * analysis (for the penalty assessment). A critical severity raises the file to supervisor at least.
   */
  recordAnalysis(input: AnalysisInput, actor: AgentRef, at: Date): { before?: AgentRef; after?: AgentRef } {
    this.refuseIfArchived();
    if (this.stage === ComplaintStage.COMPLAINT_STAGE_VERIFYING)
      throw new RuleViolation(
        COMPLAINT_RULE.analysisAfterVerification,
        'the analysis comes after verification: complete verification first',
      );
    if (input.responsibleParty === ResponsibleParty.RESPONSIBLE_PARTY_AGENT && !input.responsibleAgent?.agentId)
      throw InvalidArgument.field('responsible_agent', 'is required when responsible_party is AGENT');
    const before = this.analysis?.responsibleAgent;
    const responsibleAgent =
      input.responsibleParty === ResponsibleParty.RESPONSIBLE_PARTY_AGENT ? input.responsibleAgent : undefined;
    this.analysis = {
      nature: input.nature,
      severity: input.severity,
      responsibleParty: input.responsibleParty,
      ...(responsibleAgent ? { responsibleAgent } : {}),
      rootCause: input.rootCause,
      note: input.note,
      analysedBy: actor,
      analysedAt: iso(at),
      revision: (this.analysis?.revision ?? 0) + 1,
    };
    this.nature = input.nature;
    this.severity = input.severity;
    this.rootCauseType = input.rootCause.type;
    this.rootCauseCategory = input.rootCause.category;
    this.rootCauseSubcategory = input.rootCause.subcategory;
    this.responsibleParty = input.responsibleParty;
    this.responsibleAgentId = responsibleAgent?.agentId ?? null;
    this.responsibleAgentName = responsibleAgent?.name ?? null;
    if (this.stage === ComplaintStage.COMPLAINT_STAGE_ANALYSING)
      this.moveTo(ComplaintStage.COMPLAINT_STAGE_PROPOSING, 'analysed', actor, at, input.note);
    else this.record('analysis-corrected', actor, at, input.note);
    const floor = initialEscalationLevel(input.severity);
    if (levelRank(floor) > levelRank(this.escalationLevel))
      this.raiseTo(floor, `${input.severity} complaints start at ${floor}`, false, actor, at);
    return { ...(before ? { before } : {}), ...(responsibleAgent ? { after: responsibleAgent } : {}) };
  }

  /** Step 4: a round of options with deadlines; one round open at a time. */
  proposeRemedies(options: ProposedOption[], actor: AgentRef, at: Date): RoundRecord {
    this.refuseIfArchived();
    if (this.stage !== ComplaintStage.COMPLAINT_STAGE_PROPOSING)
      throw new RuleViolation(
        COMPLAINT_RULE.proposeAfterAnalysis,
        `options are proposed after the analysis, before execution; this file is ${this.stage}`,
      );
    if (this.openRound())
      throw new RuleViolation(
        COMPLAINT_RULE.oneOpenRound,
        `round ${this.openRound()!.round} is still waiting for the customer's answer`,
      );
    const round = this.rounds.length + 1;
    const record: RoundRecord = {
      round,
      options: options.map((o, i) => ({
        optionId: `r${round}-o${i + 1}`,
        kind: o.kind,
        days: o.days,
        ...(o.amount ? { amount: o.amount } : {}),
        description: o.description,
      })),
      proposedBy: actor,
      proposedAt: iso(at),
      chosenOptionId: '',
      refused: false,
      customerWords: '',
    };
    this.rounds = [...this.rounds, record];
    this.record('proposed', actor, at, `round ${round}: ${record.options.map((o) => o.kind).join(', ')}`);
    return record;
  }

  /**
   * Step 4: the customer's answer to the open round. A refusal of every option escalates; a choice
   * starts step 5 (an apology only has nothing to execute and goes straight to confirmation).
   */
  recordCustomerChoice(answer: CustomerAnswer, actor: AgentRef, at: Date): RemedyOptionRecord | undefined {
    this.refuseIfArchived();
    const open = this.stage === ComplaintStage.COMPLAINT_STAGE_PROPOSING ? this.openRound() : undefined;
    if (!open)
      throw new RuleViolation(
        COMPLAINT_RULE.choiceNeedsOpenRound,
        'there is no proposed round waiting for the customer: propose options first',
      );
    const answered = {
      answeredVia: answer.via,
      answeredAt: iso(answer.answeredAt),
      customerWords: answer.words,
    };
    if (answer.refusedAll) {
      this.replaceRound({ ...open, ...answered, refused: true });
      this.record('refused', actor, at, answer.words);
      const next = nextEscalationLevel(this.escalationLevel);
      if (next) this.raiseTo(next, 'customer refused all options', false, actor, at);
      return undefined;
    }
    const option = open.options.find((o) => o.optionId === answer.optionId);
    if (!option) throw InvalidArgument.field('option_id', `is not an option of round ${open.round}`);
    this.replaceRound({ ...open, ...answered, chosenOptionId: option.optionId });
    this.remedyKind = option.kind;
    this.execution = {
      remedy: option,
      status: ExecutionStatus.EXECUTION_STATUS_RUNNING,
      aftersalesCaseId: '',
      aftersalesCaseState: '',
      startedAt: iso(at),
    };
    this.record('chosen', actor, at, `${option.optionId} ${option.kind}`);
    this.moveTo(ComplaintStage.COMPLAINT_STAGE_EXECUTING, 'execution-started', actor, at, option.kind);
    if (option.kind === RemedyKind.REMEDY_KIND_APOLOGY_ONLY) this.finishExecution(actor, at, 'apology only');
    return option;
  }

  /** Step 5 for a compensation: the amount actually granted ends execution. */
  recordCompensation(amount: Money, reference: string, actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    const running = this.runningExecution();
    if (running?.remedy.kind !== RemedyKind.REMEDY_KIND_COMPENSATION)
      throw new RuleViolation(
        COMPLAINT_RULE.compensationOnlyForCompensation,
        'a compensation is recorded while a chosen compensation is being executed',
      );
    this.execution = { ...running, compensationPaid: amount, compensationReference: reference };
    this.record('compensation-recorded', actor, at, reference);
    this.finishExecution(actor, at, `${amount.amountMinor} ${amount.currency}`);
  }

  /** After-sales opened (or moved) the case carrying out the chosen remedy. */
  followCase(caseId: string, caseState: string, actor: AgentRef, at: Date): boolean {
    const running = this.runningExecution();
    if (!running || (running.aftersalesCaseId && running.aftersalesCaseId !== caseId)) return false;
    if (running.aftersalesCaseId === caseId && running.aftersalesCaseState === caseState) return false;
    const first = !running.aftersalesCaseId;
    this.execution = { ...running, aftersalesCaseId: caseId, aftersalesCaseState: caseState };
    this.record(first ? 'case-opened' : 'case-progressed', actor, at, `${caseId} ${caseState}`);
    return true;
  }

  /** The after-sales case completed: execution is done, the customer is asked to confirm. */
  caseCompleted(caseId: string, caseState: string, actor: AgentRef, at: Date): boolean {
    const running = this.runningExecution();
    if (!running || (running.aftersalesCaseId && running.aftersalesCaseId !== caseId)) return false;
    this.execution = { ...running, aftersalesCaseId: caseId, aftersalesCaseState: caseState };
    this.finishExecution(actor, at, `case ${caseId} ${caseState}`);
    return true;
  }

  /** The after-sales case was rejected: execution failed, a new round of options is needed. */
  caseRejected(caseId: string, caseState: string, reason: string, actor: AgentRef, at: Date): boolean {
    const running = this.runningExecution();
    if (!running || (running.aftersalesCaseId && running.aftersalesCaseId !== caseId)) return false;
    this.execution = {
      ...running,
      aftersalesCaseId: caseId,
      aftersalesCaseState: caseState,
      status: ExecutionStatus.EXECUTION_STATUS_FAILED,
      finishedAt: iso(at),
    };
    this.moveTo(ComplaintStage.COMPLAINT_STAGE_PROPOSING, 'execution-failed', actor, at, reason);
    return true;
  }

  /** Step 6: the customer confirms the result and the file is archived; refused while execution is open. */
  confirmResult(via: AgreementChannel, words: string, revisitAfterDays: number, actor: AgentRef, at: Date): void {
    this.refuseIfArchived();
    if (this.stage !== ComplaintStage.COMPLAINT_STAGE_CONFIRMING)
      throw new RuleViolation(
        COMPLAINT_RULE.confirmAfterExecution,
        `the result is confirmed once the chosen remedy is executed (close the loop); this file is ${this.stage}`,
      );
    this.record('confirmed', actor, at, `${via} ${words}`.trim());
    this.archivedAt = at;
    this.revisitDueAt = new Date(at.getTime() + revisitAfterDays * 86_400_000);
    this.moveTo(ComplaintStage.COMPLAINT_STAGE_ARCHIVED, 'archived', actor, at, '');
  }

  /** Step 7 (回访, 客户评价单): the customer's score and comment, once, on the archived file. */
  recordEvaluation(score: number, comment: string, actor: AgentRef, at: Date): void {
    if (!this.isArchived())
      throw new RuleViolation(
        COMPLAINT_RULE.evaluationAfterArchive,
        `the evaluation is taken at the revisit, after archiving; this file is ${this.stage}`,
      );
    if (this.evaluation)
      throw new RuleViolation(COMPLAINT_RULE.evaluatedOnce, 'this file already holds the customer evaluation');
    this.evaluation = { score, comment, recordedBy: actor, recordedAt: iso(at) };
    this.evaluationScore = score;
    this.record('evaluated', actor, at, `${score}/5`);
  }

  /** Hands the file up the chain (by an agent, or the deadline sweep when `automatic`). */
  escalate(reason: string, automatic: boolean, actor: AgentRef, at: Date): EscalationLevel {
    this.refuseIfArchived();
    const next = nextEscalationLevel(this.escalationLevel);
    if (!next)
      throw new RuleViolation(COMPLAINT_RULE.aboveManager, 'the manager answers for the company: nobody is above');
    this.raiseTo(next, reason, automatic, actor, at);
    return next;
  }

  /** Emergency mode grouped this file under an incident. */
  joinIncident(incidentId: string | undefined): void {
    if (incidentId) this.incidentId = incidentId;
  }

  /** Sets when the current step is due, after a step moved the file or changed its severity. */
  schedule(deadline: StepDeadline): void {
    this.stepDueAt = deadline(this.stage, this.severity, this.stageEnteredAt) ?? null;
  }

  private raiseTo(level: EscalationLevel, reason: string, automatic: boolean, actor: AgentRef, at: Date): void {
    const from = this.escalationLevel;
    this.escalationLevel = level;
    this.record('escalated', actor, at, reason);
    this.steps.at(-1)!.escalation = { from, to: level, automatic, reason };
  }

  private runningExecution(): ExecutionRecord | undefined {
    return this.stage === ComplaintStage.COMPLAINT_STAGE_EXECUTING &&
      this.execution?.status === ExecutionStatus.EXECUTION_STATUS_RUNNING
      ? this.execution
      : undefined;
  }

  private finishExecution(actor: AgentRef, at: Date, note: string): void {
    this.execution = { ...this.execution!, status: ExecutionStatus.EXECUTION_STATUS_DONE, finishedAt: iso(at) };
    this.moveTo(ComplaintStage.COMPLAINT_STAGE_CONFIRMING, 'execution-done', actor, at, note);
  }

  private replaceRound(round: RoundRecord): void {
    this.rounds = this.rounds.map((r) => (r.round === round.round ? round : r));
  }

  private refuseIfArchived(): void {
    if (this.isArchived())
      throw new RuleViolation(
        COMPLAINT_RULE.archivedReadOnly,
        `complaint ${this.number} is archived: read-only except for the revisit's evaluation`,
      );
  }

  private moveTo(stage: ComplaintStage, action: string, actor: AgentRef, at: Date, note: string): void {
    const from = this.stage;
    this.stage = stage;
    this.stageEnteredAt = at;
    if (stage === ComplaintStage.COMPLAINT_STAGE_ARCHIVED) this.stepDueAt = null;
    this.record(action, actor, at, note, from);
  }

  private record(action: string, actor: AgentRef, at: Date, note: string, stageFrom = this.stage): void {
    this.steps.push({
      seq: this.steps.length + 1,
      action,
      stageFrom,
      stageTo: this.stage,
      actor: { agentId: actor.agentId, name: actor.name },
      at,
      note,
    });
    this.updatedAt = at;
  }
}

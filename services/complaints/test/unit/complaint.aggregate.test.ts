import {
  AgreementChannel,
  ComplaintNature,
  ComplaintSource,
  ComplaintStage,
  EscalationLevel,
  ExecutionStatus,
  RemedyKind,
  ResponsibleParty,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_RULE, Complaint } from '../../src/domain/complaint.aggregate.js';

const handler = { agentId: 'h-1', name: '投诉专员' };
const agent = { agentId: 'a-7', name: '张三' };
const at = new Date('2026-12-03T02:00:00Z');
const rootCause = { type: 'product', category: 'quality', subcategory: 'defect' };

function open(nature = ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY, severity = Severity.SEVERITY_UNSPECIFIED) {
  return Complaint.open(
    {
      id: '00000000-0000-4000-8000-000000000001',
      number: 'TS-20261203-0001',
      source: ComplaintSource.COMPLAINT_SOURCE_CONVERSATION,
      sourceReference: 'conv-1',
      customer: { customerId: 'c-1', displayName: '王女士' },
      conversationId: 'conv-1',
      orderIds: ['TB1'],
      skus: ['SKU-1'],
      description: '杯子有裂纹',
      remedySought: '补发',
      claimedNature: nature,
      severity,
      openedBy: handler,
    },
    at,
  );
}

const photo = {
  id: 'e1',
  contentType: 'image/jpeg',
  description: '',
  sizeBytes: 3,
  attachedAt: at.toISOString(),
  attachedBy: handler,
};
const facts = {
  orderIds: ['TB1'],
  purchasedAt: at.toISOString(),
  productModel: 'CUP-1',
  skus: ['SKU-1'],
  whatHappened: '裂纹',
  waybillNo: '',
};

function verified(nature = ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY) {
  const c = open(nature);
  c.recordFacts(facts, nature, handler, at);
  c.attachEvidence([photo], handler, at);
  c.completeVerification('', handler, at);
  return c;
}

function analysed(party = ResponsibleParty.RESPONSIBLE_PARTY_SHOP, responsibleAgent?: typeof agent) {
  const c = verified();
  c.recordAnalysis(
    {
      nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
      severity: Severity.SEVERITY_ORDINARY,
      responsibleParty: party,
      ...(responsibleAgent ? { responsibleAgent } : {}),
      rootCause,
      note: '',
    },
    handler,
    at,
  );
  return c;
}

function choosing(kind: RemedyKind) {
  const c = analysed();
  c.proposeRemedies([{ kind, days: 3, description: '' }], handler, at);
  c.recordCustomerChoice(
    {
      optionId: 'r1-o1',
      refusedAll: false,
      via: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: at,
      words: '好的',
    },
    handler,
    at,
  );
  return c;
}

const ruleOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  throw new Error('no rule violation');
};

describe('the complaint file (投诉处理登记表): its seven steps', () => {
  it('step 1 intake: opens in verifying with an "opened" step, at agent level', () => {
    const c = open();
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_VERIFYING);
    expect(c.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_AGENT);
    expect(c.steps.map((s) => [s.action, s.stageFrom, s.stageTo])).toEqual([
      ['opened', 'COMPLAINT_STAGE_UNSPECIFIED', 'COMPLAINT_STAGE_VERIFYING'],
    ]);
  });

  it('step 1 intake: a critical complaint starts at supervisor level', () => {
    expect(open(ComplaintNature.COMPLAINT_NATURE_OTHER, Severity.SEVERITY_CRITICAL).escalationLevel).toBe(
      EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    );
  });

  it('step 2 verify → analyse: refused while the required facts are missing (required-facts rule)', () => {
    const c = open();
    expect(ruleOf(() => c.completeVerification('', handler, at))).toBe(COMPLAINT_RULE.requiredFacts);
    c.recordFacts(facts, ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY, handler, at);
    // A quality claim needs photos too.
    expect(ruleOf(() => c.completeVerification('', handler, at))).toBe(COMPLAINT_RULE.requiredFacts);
    c.attachEvidence([photo], handler, at);
    c.completeVerification('核实完毕', handler, at);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ANALYSING);
    expect(c.steps.at(-1)).toMatchObject({
      action: 'verified',
      stageFrom: 'COMPLAINT_STAGE_VERIFYING',
      stageTo: 'COMPLAINT_STAGE_ANALYSING',
    });
  });

  it('step 2: facts are recorded only while verifying', () => {
    const c = verified();
    expect(ruleOf(() => c.recordFacts(facts, ComplaintNature.COMPLAINT_NATURE_OTHER, handler, at))).toBe(
      COMPLAINT_RULE.factsWhileVerifying,
    );
  });

  it('step 2: at most nine photos on a file', () => {
    const c = open();
    c.attachEvidence(
      Array.from({ length: 9 }, (_, i) => ({ ...photo, id: `e${i}` })),
      handler,
      at,
    );
    expect(ruleOf(() => c.attachEvidence([photo], handler, at))).toBe(COMPLAINT_RULE.evidenceLimit);
  });

  it('step 3 analyse → propose: not before verification ends', () => {
    const c = open();
    expect(
      ruleOf(() =>
        c.recordAnalysis(
          {
            nature: ComplaintNature.COMPLAINT_NATURE_OTHER,
            severity: Severity.SEVERITY_ORDINARY,
            responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_SHOP,
            rootCause,
            note: '',
          },
          handler,
          at,
        ),
      ),
    ).toBe(COMPLAINT_RULE.analysisAfterVerification);
    const a = analysed();
    expect(a.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
    expect(a.analysis?.revision).toBe(1);
    expect(a.rootCauseSubcategory).toBe('defect');
  });

  it('step 3: an agent-responsible analysis names the agent; a correction reports who was named before', () => {
    const c = verified();
    expect(() =>
      c.recordAnalysis(
        {
          nature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
          severity: Severity.SEVERITY_ORDINARY,
          responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_AGENT,
          rootCause,
          note: '',
        },
        handler,
        at,
      ),
    ).toThrow(InvalidArgument);
    const first = c.recordAnalysis(
      {
        nature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
        severity: Severity.SEVERITY_ORDINARY,
        responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_AGENT,
        responsibleAgent: agent,
        rootCause,
        note: '',
      },
      handler,
      at,
    );
    expect(first).toEqual({ after: agent });
    const corrected = c.recordAnalysis(
      {
        nature: ComplaintNature.COMPLAINT_NATURE_LOGISTICS,
        severity: Severity.SEVERITY_ORDINARY,
        responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_COURIER,
        rootCause,
        note: '',
      },
      handler,
      at,
    );
    expect(corrected).toEqual({ before: agent });
    expect(c.analysis?.revision).toBe(2);
    expect(c.steps.at(-1)?.action).toBe('analysis-corrected');
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
  });

  it('step 3: an analysis that finds it critical raises the file to supervisor', () => {
    const c = verified();
    c.recordAnalysis(
      {
        nature: ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
        severity: Severity.SEVERITY_CRITICAL,
        responsibleParty: ResponsibleParty.RESPONSIBLE_PARTY_SHOP,
        rootCause,
        note: '',
      },
      handler,
      at,
    );
    expect(c.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(c.steps.at(-1)?.escalation).toMatchObject({
      from: EscalationLevel.ESCALATION_LEVEL_AGENT,
      to: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    });
  });

  it('step 4 propose: options only after the analysis, one open round at a time', () => {
    expect(
      ruleOf(() =>
        verified().proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, description: '' }], handler, at),
      ),
    ).toBe(COMPLAINT_RULE.proposeAfterAnalysis);
    const c = analysed();
    const round = c.proposeRemedies(
      [
        { kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, description: '' },
        { kind: RemedyKind.REMEDY_KIND_RETURN_AND_REFUND, days: 7, description: '' },
      ],
      handler,
      at,
    );
    expect(round.options.map((o) => o.optionId)).toEqual(['r1-o1', 'r1-o2']);
    expect(
      ruleOf(() =>
        c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY, days: 0, description: '' }], handler, at),
      ),
    ).toBe(COMPLAINT_RULE.oneOpenRound);
  });

  it('step 4: a refusal of all options escalates and allows a new round', () => {
    const c = analysed();
    c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY, days: 0, description: '' }], handler, at);
    c.recordCustomerChoice(
      {
        optionId: '',
        refusedAll: true,
        via: AgreementChannel.AGREEMENT_CHANNEL_PHONE,
        answeredAt: at,
        words: '不接受',
      },
      handler,
      at,
    );
    expect(c.rounds[0]?.refused).toBe(true);
    expect(c.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(c.steps.slice(-2).map((s) => s.action)).toEqual(['refused', 'escalated']);
    expect(
      c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, description: '' }], handler, at).round,
    ).toBe(2);
  });

  it('step 4: a choice needs an open round and one of its options', () => {
    const c = analysed();
    const answer = {
      optionId: 'r1-o1',
      refusedAll: false,
      via: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: at,
      words: '',
    };
    expect(ruleOf(() => c.recordCustomerChoice(answer, handler, at))).toBe(COMPLAINT_RULE.choiceNeedsOpenRound);
    c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_REISSUE, days: 3, description: '' }], handler, at);
    expect(() => c.recordCustomerChoice({ ...answer, optionId: 'r9-o9' }, handler, at)).toThrow(InvalidArgument);
  });

  it('step 4 → 5: a chosen reissue starts execution and waits for the after-sales case', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_REISSUE);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_EXECUTING);
    expect(c.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_RUNNING);
    expect(c.remedyKind).toBe(RemedyKind.REMEDY_KIND_REISSUE);
    expect(c.steps.slice(-2).map((s) => s.action)).toEqual(['chosen', 'execution-started']);
  });

  it('step 5 → 6: the complaint follows its after-sales case until it completes (close the loop)', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_REISSUE);
    expect(ruleOf(() => c.confirmResult(AgreementChannel.AGREEMENT_CHANNEL_CHAT, '', 3, handler, at))).toBe(
      COMPLAINT_RULE.confirmAfterExecution,
    );
    expect(c.followCase('case-1', 'CASE_STATE_APPROVED', handler, at)).toBe(true);
    expect(c.followCase('case-1', 'CASE_STATE_APPROVED', handler, at)).toBe(false);
    expect(c.followCase('case-2', 'CASE_STATE_APPROVED', handler, at)).toBe(false);
    expect(c.caseCompleted('case-1', 'CASE_STATE_COMPLETED', handler, at)).toBe(true);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_CONFIRMING);
    expect(c.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_DONE);
  });

  it('step 5: a rejected after-sales case fails execution and the file goes back to proposing', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_RETURN_AND_REFUND);
    c.caseRejected('case-1', 'CASE_STATE_REJECTED', '超出售后期', handler, at);
    expect(c.execution?.status).toBe(ExecutionStatus.EXECUTION_STATUS_FAILED);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_PROPOSING);
    expect(
      c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_COMPENSATION, days: 0, description: '' }], handler, at).round,
    ).toBe(2);
  });

  it('step 5: a compensation is recorded only for a chosen compensation, and ends execution', () => {
    const money = { amountMinor: 2000, currency: 'CNY' };
    const reissue = choosing(RemedyKind.REMEDY_KIND_REISSUE);
    expect(ruleOf(() => reissue.recordCompensation(money, 'x', handler, at))).toBe(
      COMPLAINT_RULE.compensationOnlyForCompensation,
    );
    const c = choosing(RemedyKind.REMEDY_KIND_COMPENSATION);
    c.recordCompensation(money, 'COUPON-1', handler, at);
    expect(c.execution?.compensationPaid).toEqual(money);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_CONFIRMING);
  });

  it('step 5: an apology only has nothing to execute', () => {
    expect(choosing(RemedyKind.REMEDY_KIND_APOLOGY_ONLY).stage).toBe(ComplaintStage.COMPLAINT_STAGE_CONFIRMING);
  });

  it('step 6 confirm → archive: the revisit is due, the file read-only afterwards', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_APOLOGY_ONLY);
    c.stepDueAt = new Date();
    c.confirmResult(AgreementChannel.AGREEMENT_CHANNEL_CHAT, '满意', 3, handler, at);
    expect(c.stage).toBe(ComplaintStage.COMPLAINT_STAGE_ARCHIVED);
    expect(c.stepDueAt).toBeNull();
    expect(c.revisitDueAt?.toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(c.steps.slice(-2).map((s) => s.action)).toEqual(['confirmed', 'archived']);
    expect(ruleOf(() => c.assign(agent, handler, at))).toBe(COMPLAINT_RULE.archivedReadOnly);
    expect(ruleOf(() => c.escalate('x', false, handler, at))).toBe(COMPLAINT_RULE.archivedReadOnly);
  });

  it('step 7 revisit: the evaluation only on an archived file, once', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_APOLOGY_ONLY);
    expect(ruleOf(() => c.recordEvaluation(5, '', handler, at))).toBe(COMPLAINT_RULE.evaluationAfterArchive);
    c.confirmResult(AgreementChannel.AGREEMENT_CHANNEL_CHAT, '', 3, handler, at);
    c.recordEvaluation(4, '处理及时', handler, at);
    expect(c.evaluationScore).toBe(4);
    expect(ruleOf(() => c.recordEvaluation(5, '', handler, at))).toBe(COMPLAINT_RULE.evaluatedOnce);
  });

  it('escalation: agent → supervisor → manager, nobody above the manager', () => {
    const c = open();
    expect(c.escalate('无法处理', false, agent, at)).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(c.escalate('无法处理', false, agent, at)).toBe(EscalationLevel.ESCALATION_LEVEL_MANAGER);
    expect(ruleOf(() => c.escalate('x', false, agent, at))).toBe(COMPLAINT_RULE.aboveManager);
  });

  it('every step is numbered in order with its actor', () => {
    const c = choosing(RemedyKind.REMEDY_KIND_APOLOGY_ONLY);
    expect(c.steps.map((s) => s.seq)).toEqual(c.steps.map((_, i) => i + 1));
    expect(c.steps.every((s) => s.actor.agentId === handler.agentId)).toBe(true);
  });

  it('the schedule follows the stage entered and the severity', () => {
    const c = open();
    c.schedule((stage, severity, enteredAt) =>
      stage === ComplaintStage.COMPLAINT_STAGE_VERIFYING && severity === Severity.SEVERITY_UNSPECIFIED
        ? new Date(enteredAt.getTime() + 1000)
        : undefined,
    );
    expect(c.stepDueAt?.getTime()).toBe(at.getTime() + 1000);
  });
});

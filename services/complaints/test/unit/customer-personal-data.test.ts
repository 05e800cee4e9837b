import {
  AgreementChannel,
  ComplaintNature,
  ComplaintSource,
  RemedyKind,
  Severity,
} from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import { Complaint } from '../../src/domain/complaint.aggregate.js';
import { ERASED, eraseFromComplaint } from '../../src/domain/customer-personal-data.js';

const handler = { agentId: 'h-1', name: '投诉专员' };
const at = new Date('2026-12-03T02:00:00Z');

function fileWithWords(): Complaint {
  const c = Complaint.open(
    {
      id: '00000000-0000-4000-8000-000000000009',
      number: 'TS-20261203-0009',
      source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
      sourceReference: '',
      customer: { customerId: 'c-9', displayName: '王女士' },
      conversationId: '',
      orderIds: ['TB9'],
      skus: ['SKU-9'],
      description: '我住在某某小区，快递员态度差',
      remedySought: '道歉',
      claimedNature: ComplaintNature.COMPLAINT_NATURE_SERVICE_ATTITUDE,
      severity: Severity.SEVERITY_UNSPECIFIED,
      openedBy: handler,
    },
    at,
  );
  c.stage = 'COMPLAINT_STAGE_PROPOSING' as never;
  c.proposeRemedies([{ kind: RemedyKind.REMEDY_KIND_APOLOGY_ONLY, days: 0, description: '' }], handler, at);
  c.recordCustomerChoice(
    {
      optionId: 'r1-o1',
      refusedAll: false,
      via: AgreementChannel.AGREEMENT_CHANNEL_CHAT,
      answeredAt: at,
      words: '好吧',
    },
    handler,
    at,
  );
  c.confirmResult(AgreementChannel.AGREEMENT_CHANNEL_CHAT, '', 3, handler, at);
  c.recordEvaluation(3, '还行', handler, at);
  return c;
}

describe('customer personal data (PIPL erasure)', () => {
  it("replaces the customer's name and words, keeps the business facts", () => {
    const c = fileWithWords();
    eraseFromComplaint(c);
    expect(c.customer).toEqual({ customerId: 'c-9', displayName: ERASED });
    expect([c.description, c.remedySought, c.facts.whatHappened]).toEqual([ERASED, ERASED, ERASED]);
    expect(c.rounds[0]?.customerWords).toBe(ERASED);
    expect(c.evaluation?.comment).toBe(ERASED);
    expect(c.evaluation?.score).toBe(3);
    expect(c.facts.orderIds).toEqual(['TB9']);
    expect(c.remedyKind).toBe(RemedyKind.REMEDY_KIND_APOLOGY_ONLY);
  });

  it('erasing twice changes nothing more; empty words stay empty', () => {
    const c = fileWithWords();
    c.remedySought = '';
    eraseFromComplaint(c);
    const once = JSON.stringify(c);
    eraseFromComplaint(c);
    expect(JSON.stringify(c)).toBe(once);
    expect(c.remedySought).toBe('');
  });
});

import { randomUUID } from 'node:crypto';
import { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintOpening } from '../../src/application/complaint-opening.js';
import { type ComplaintsHarness, customer, handlerRef, openRequest, startComplaints } from './complaints-fixture.js';

let h: ComplaintsHarness;
beforeAll(async () => {
  h = await startComplaints();
});
afterAll(() => h?.close());

describe('complaint numbers (TS-YYYYMMDD-NNNN)', () => {
  it('an opening still in its transaction does not hold up the next opening of the same shop day', async () => {
    await h.complaints.openComplaint(openRequest({ idempotencyKey: randomUUID() }));
    const opening = h.sut.service.app.get(ComplaintOpening);
    let second: { number: string } | undefined;
    await h.sut.service.orm.em.fork().transactional(async (em) => {
      const first = await opening.open(
        em,
        {
          source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
          sourceReference: '',
          customer,
          conversationId: '',
          orderIds: ['TB-slow-1'],
          skus: [],
          description: '一个还没提交的登记',
          remedySought: '',
          claimedNature: ComplaintNature.COMPLAINT_NATURE_OTHER,
          severity: Severity.SEVERITY_ORDINARY,
          openedBy: handlerRef,
        },
        new Date(),
      );
      // While the first opening's transaction is still open, another opening of the same day completes.
      const response = await h.complaints.openComplaint(openRequest({ idempotencyKey: randomUUID() }), {
        deadlineMs: 5_000,
      });
      second = response.complaint;
      expect(second?.number).not.toBe(first.complaint.number);
    });
    expect(second?.number).toMatch(/^TS-\d{8}-\d{4}$/);
  });
});

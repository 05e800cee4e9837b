import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const step = (caseId: string, idempotencyKey = randomUUID()) => ({ caseId, note: '', idempotencyKey });
const refusalOf = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => {
      throw new Error('expected a refusal, the call succeeded');
    },
    (e) => e,
  );
  return { code: error.code, rule: richErrorDetails(error.metadata).reason, message: error.details };
};

// A refused step is the command's outcome too: a retry under its key must not run it again.
describe('a refusal is stored under its idempotency key like any outcome', () => {
  it('approving a quality claim before its evidence is verified: the retry after verification is refused the same', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true, reason: '杯子有裂纹' });
    const approve = step(opened.caseId);
    const first = await refusalOf(h.cases.approveCase(approve));
    expect(first).toMatchObject({
      code: status.FAILED_PRECONDITION,
      rule: 'aftersales.quality-claim.verified-evidence',
    });

    // The case moves on: approval would now be allowed.
    await h.cases.attachEvidence({
      ...step(opened.caseId),
      photos: [{ content: png, contentType: 'image/png', description: '裂纹特写' }],
    });
    await h.cases.verifyEvidence({ ...step(opened.caseId), verified: true, note: '裂纹清晰' });

    expect(await refusalOf(h.cases.approveCase(approve))).toEqual(first);
    const { case: unchanged } = await h.cases.getCase({ caseId: opened.caseId });
    expect(unchanged?.state).toBe(CaseState.CASE_STATE_REQUESTED);
    // A new request (a new key) is decided on the case as it is now.
    const approved = await h.cases.approveCase(step(opened.caseId));
    expect(approved.case?.state).toBe(CaseState.CASE_STATE_APPROVED);
  });

  it('a step out of lifecycle order (waybill before approval): the retry after approval is refused the same', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND);
    const waybill = { ...step(opened.caseId), courier: '顺丰', trackingNumber: 'SF100', advancedPostage: undefined };
    const first = await refusalOf(h.cases.registerReturnWaybill(waybill));
    expect(first.code).toBe(status.FAILED_PRECONDITION);

    await h.cases.approveCase(step(opened.caseId));
    expect(await refusalOf(h.cases.registerReturnWaybill(waybill))).toEqual(first);
    const { case: kase } = await h.cases.getCase({ caseId: opened.caseId });
    expect(kase?.returnWaybill).toBeUndefined();
    expect(kase?.state).toBe(CaseState.CASE_STATE_APPROVED);
  });

  it('the key of a stored refusal, reused for a different request, is refused as a misuse, not answered', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    const key = randomUUID();
    await refusalOf(h.cases.approveCase(step(opened.caseId, key)));
    const other = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND);
    const reused = await refusalOf(h.cases.approveCase(step(other.caseId, key)));
    expect(reused.code).toBe(status.INVALID_ARGUMENT);
    const { case: untouched } = await h.cases.getCase({ caseId: other.caseId });
    expect(untouched?.state).toBe(CaseState.CASE_STATE_REQUESTED);
  });
});

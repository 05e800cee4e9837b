import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { CaseKind, CaseState, OriginSource } from '@cs/contracts/cs/aftersales/v1/case';
import { RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import { waitFor } from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, cny, customer, listRequest, startAftersales } from './aftersales-fixture.js';
import { publishEvent } from './publish-event.js';

let h: AftersalesHarness;
let nc: NatsConnection;
beforeAll(async () => {
  h = await startAftersales();
  nc = await connect({ servers: h.sut.service.config.natsServers });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

const SUBJECT = 'cs.complaints.complaint.remedy_chosen';
type RemedyChosen = EventPayload<typeof SUBJECT>;

/** The complaints desk says the customer chose this remedy for complaint `complaintId` about a fresh order. */
function remedyChosen(kind: RemedyKind, overrides: Partial<RemedyChosen> = {}): RemedyChosen {
  return {
    complaintId: randomUUID(),
    number: 'TS-20261203-0007',
    customer,
    orderId: `TB${randomUUID().slice(0, 8)}`,
    skus: ['MUG-RED'],
    remedy: {
      optionId: 'r1-o1',
      kind,
      days: 3,
      amount: kind === RemedyKind.REMEDY_KIND_PARTIAL_REFUND ? cny(500) : undefined,
      description: '补发一只新的马克杯，3天内到货',
    },
    qualityProblem: true,
    reason: '杯子收到时有裂纹',
    complaintVersion: 6,
    ...overrides,
  };
}

/** Publishes as the complaints relay does and waits until after-sales' consumer committed it. */
const publish = (payload: RemedyChosen, options: { eventId?: string; msgId?: string } = {}) =>
  publishEvent(h, nc, SUBJECT, payload, { aggregateId: payload.complaintId, ...options });

const casesOf = async (orderId: string) => (await h.cases.listCases(listRequest({ orderId }))).cases;

describe('a remedy chosen for a complaint opens the matching after-sales case, once', () => {
  it('a chosen reissue opens a reissue case whose origin is the complaint, with the SKU and the complaint’s reason', async () => {
    const event = remedyChosen(RemedyKind.REMEDY_KIND_REISSUE);
    await publish(event);
    const cases = await casesOf(event.orderId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: CaseKind.CASE_KIND_REISSUE,
      state: CaseState.CASE_STATE_REQUESTED,
      customer,
      origin: { source: OriginSource.ORIGIN_SOURCE_COMPLAINT, reference: event.complaintId },
      qualityProblem: true,
      items: [{ sku: 'MUG-RED', quantity: 1 }],
    });
    expect(cases[0]!.reason).toContain('TS-20261203-0007');
    expect(cases[0]!.reason).toContain('杯子收到时有裂纹');
    // The complaint follows the case by its events: case.opened names the complaint as origin.
    const opened = await waitFor('case.opened', () =>
      h.events.ofSubject('cs.aftersales.case.opened').find((e) => e.headers['ce-subject'] === cases[0]!.caseId),
    );
    expect((opened.data as { case?: { origin?: unknown } }).case?.origin).toEqual({
      source: OriginSource.ORIGIN_SOURCE_COMPLAINT,
      reference: event.complaintId,
    });
  });

  it('the same event delivered twice (and re-published under a new event id) still opens one case and one case.opened', async () => {
    const event = remedyChosen(RemedyKind.REMEDY_KIND_REISSUE);
    const eventId = await publish(event);
    await publish(event, { eventId, msgId: `redelivery-${randomUUID()}` });
    await publish(event);
    const cases = await casesOf(event.orderId);
    expect(cases).toHaveLength(1);
    await waitFor('case.opened', () =>
      h.events.ofSubject('cs.aftersales.case.opened').some((e) => e.headers['ce-subject'] === cases[0]!.caseId),
    );
    expect(
      h.events.ofSubject('cs.aftersales.case.opened').filter((e) => e.headers['ce-subject'] === cases[0]!.caseId),
    ).toHaveLength(1);
  });

  it('a return and refund opens a return-and-refund case', async () => {
    const event = remedyChosen(RemedyKind.REMEDY_KIND_RETURN_AND_REFUND);
    await publish(event);
    const [kase] = await casesOf(event.orderId);
    expect(kase).toMatchObject({ kind: CaseKind.CASE_KIND_RETURN_AND_REFUND, items: [{ sku: 'MUG-RED' }] });
  });

  it('a partial refund opens a refund-only case asking for the agreed amount', async () => {
    const event = remedyChosen(RemedyKind.REMEDY_KIND_PARTIAL_REFUND);
    await publish(event);
    const [kase] = await casesOf(event.orderId);
    expect(kase).toMatchObject({ kind: CaseKind.CASE_KIND_REFUND_ONLY, requestedAmount: cny(500) });
  });

  it('an exchange opens an exchange case that sends the same SKU again', async () => {
    const event = remedyChosen(RemedyKind.REMEDY_KIND_EXCHANGE);
    await publish(event);
    const [kase] = await casesOf(event.orderId);
    expect(kase).toMatchObject({
      kind: CaseKind.CASE_KIND_EXCHANGE,
      items: [{ sku: 'MUG-RED', quantity: 1 }],
      wantedItem: { sku: 'MUG-RED', quantity: 1 },
    });
  });

  it.each([RemedyKind.REMEDY_KIND_COMPENSATION, RemedyKind.REMEDY_KIND_APOLOGY_ONLY])(
    'remedy %s is settled by the complaints desk: no case',
    async (kind) => {
      const event = remedyChosen(kind);
      // Returns once after-sales' consumer has acknowledged it, i.e. its transaction is over.
      await publish(event);
      expect(await casesOf(event.orderId)).toEqual([]);
    },
  );

  it('a later round choosing the same kind again (the first case was rejected) opens a second case', async () => {
    const first = remedyChosen(RemedyKind.REMEDY_KIND_REISSUE);
    await publish(first);
    const [rejected] = await casesOf(first.orderId);
    await h.cases.rejectCase({ caseId: rejected!.caseId, reason: '仓库无货', idempotencyKey: randomUUID() });
    await publish({
      ...first,
      remedy: { ...first.remedy!, optionId: 'r2-o1' },
      complaintVersion: first.complaintVersion + 4,
    });
    const cases = await casesOf(first.orderId);
    expect(cases.map((c) => [c.kind, c.state]).sort()).toEqual(
      [
        [CaseKind.CASE_KIND_REISSUE, CaseState.CASE_STATE_REJECTED],
        [CaseKind.CASE_KIND_REISSUE, CaseState.CASE_STATE_REQUESTED],
      ].sort(),
    );
  });
});

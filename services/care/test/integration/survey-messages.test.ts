import { ConsentServiceService } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Channel, MessagePurpose } from '@cs/contracts/cs/care/v1/message';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, type TestCaller, waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignWorker } from '../../src/application/campaign.worker.js';
import { quietHoursAround } from './campaigns-fixture.js';
import { type CareHarness, startCare } from './care-fixture.js';
import { caseClosed, newId, orderPlaced } from './events.js';

// Surveys are transactional messages: they leave through the same messenger as any revisit or
// survey message, so the channel's opt-out and quiet hours apply (marketing consent and caps do not).
const gateway: TestCaller = { roles: ['service'], agentId: 'service:sms-gateway' };
const SHOP_TZ = 'Asia/Shanghai';

let open: CareHarness;
let night: CareHarness;
beforeAll(async () => {
  [open, night] = await Promise.all([
    startCare({ SHOP_TIMEZONE: SHOP_TZ, CARE_QUIET_HOURS: quietHoursAround(new Date(), false) }),
    startCare({ SHOP_TIMEZONE: SHOP_TZ, CARE_QUIET_HOURS: quietHoursAround(new Date(), true) }),
  ]);
});
afterAll(async () => {
  await open?.close();
  await night?.close();
});

/** A buyer with a phone from an order, whose after-sales case then closes: a CSAT survey is due. */
async function buyerWithClosedCase(
  h: CareHarness,
  phone: string,
  beforeClosing?: (customerId: string) => Promise<void>,
) {
  const customerId = newId('buyer');
  const orderId = newId('TB');
  await h.publishJson('cs.orders.order.placed', orderPlaced(customerId, orderId, 4_900, { phone }));
  await beforeClosing?.(customerId);
  await h.publishJson('cs.aftersales.case.closed', caseClosed(customerId, newId('case'), orderId));
  const [survey] = await h.sql<{ survey_id: string }>('select survey_id from surveys where customer_id = ?', [
    customerId,
  ]);
  expect(survey).toBeDefined();
  return { customerId, surveyId: survey!.survey_id };
}

const messagesOf = (h: CareHarness, surveyId: string) =>
  h.sql<{ channel: string; state: string; reason: string; due_at: Date | null; text: string }>(
    'select channel, state, reason, due_at, text from outbound_messages where reference = ?',
    [`survey:${surveyId}`],
  );
const dispatchesTo = (h: CareHarness, customerId: string) =>
  h.events.ofSubject('cs.care.message.dispatch_requested').filter((e) => e.data.customerId === customerId);

describe('survey messages are transactional: channel opt-out and quiet hours apply', () => {
  it('a customer who opted out of SMS gets no survey SMS; one who did not (no marketing consent needed) gets it', async () => {
    const optOut = async (customerId: string) => {
      const consent = createGrpcClient(ConsentServiceService, open.sut.service.grpcAddress, {
        bearer: bearerFor(gateway),
      });
      await consent.optOut({ optOutToken: '', customerId, channel: Channel.CHANNEL_SMS });
      consent.close();
    };
    const declined = await buyerWithClosedCase(open, '13900000021', optOut);
    const willing = await buyerWithClosedCase(open, '13900000022');

    expect(await messagesOf(open, declined.surveyId)).toEqual([
      expect.objectContaining({ channel: 'sms', state: 'skipped_by_opt_out', reason: 'opted-out' }),
    ]);
    expect(await messagesOf(open, willing.surveyId)).toEqual([
      expect.objectContaining({ channel: 'sms', state: 'sent' }),
    ]);
    const [sms] = await waitFor('the willing buyer’s survey SMS', () => {
      const events = dispatchesTo(open, willing.customerId);
      return events.length ? events : undefined;
    });
    expect(sms!.data).toMatchObject({
      channel: Channel.CHANNEL_SMS,
      address: '13900000022',
      purpose: MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL,
    });
    expect(sms!.data.campaignId ?? '').toBe('');
    // The gateway records the answer by survey id: the text names it.
    expect(sms!.data.text).toContain(willing.surveyId);
    // Written before the willing buyer's, in the same stream: had it been dispatched, it would be here.
    expect(dispatchesTo(open, declined.customerId)).toEqual([]);
    // The survey itself is still on record and announced.
    await waitFor('cs.care.survey.sent for the declined buyer', () =>
      open.events
        .ofSubject('cs.care.survey.sent')
        .find((e) => (e.data.survey as { surveyId?: string }).surveyId === declined.surveyId),
    );
  });

  it('opted out of SMS but reachable by email: the survey goes by email instead, one message', async () => {
    const emailOnly = async (customerId: string) => {
      const consent = createGrpcClient(ConsentServiceService, open.sut.service.grpcAddress, {
        bearer: bearerFor(gateway),
      });
      await consent.optOut({ optOutToken: '', customerId, channel: Channel.CHANNEL_SMS });
      const channel = Channel.CHANNEL_EMAIL;
      const address = `${customerId}@buyer.cn`;
      await consent.recordConsent({
        customerId,
        channel,
        address,
        marketingConsent: false,
        idempotencyKey: customerId,
      });
      consent.close();
    };
    const { customerId, surveyId } = await buyerWithClosedCase(open, '13900000024', emailOnly);
    expect(await messagesOf(open, surveyId)).toEqual([expect.objectContaining({ channel: 'email', state: 'queued' })]);
    expect(dispatchesTo(open, customerId)).toEqual([]);
  });

  it('a survey falling in quiet hours is held, and released when the window opens', async () => {
    const { customerId, surveyId } = await buyerWithClosedCase(night, '13900000023');
    const [held] = await messagesOf(night, surveyId);
    expect(held).toMatchObject({ channel: 'sms', state: 'held' });
    const opens = new Date(held!.due_at as Date);
    expect(opens.getTime()).toBeGreaterThan(Date.now());
    expect(dispatchesTo(night, customerId)).toEqual([]);

    await night.sut.service.app.get(CampaignWorker).delivery.tick(new Date(opens.getTime() + 1_000));
    const [sms] = await waitFor('the survey SMS once the window opens', () => {
      const events = dispatchesTo(night, customerId);
      return events.length ? events : undefined;
    });
    expect(sms!.data).toMatchObject({ channel: Channel.CHANNEL_SMS, address: '13900000023' });
    expect(sms!.data.text).toContain(surveyId);
    expect(await messagesOf(night, surveyId)).toEqual([expect.objectContaining({ state: 'sent' })]);
  });
});

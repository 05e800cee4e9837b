import type { SegmentRules } from '@cs/contracts/cs/care/v1/campaigns_service';
import { DeliveryStatus } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Channel, MessagePurpose } from '@cs/contracts/cs/care/v1/message';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignsHarness, gateway, key, startCampaigns } from './campaigns-fixture.js';

let h: CampaignsHarness;
beforeAll(async () => {
  h = await startCampaigns();
});
afterAll(() => h?.close());

const noRules: SegmentRules = {
  lifecycleStages: [],
  tiers: [],
  tags: [],
  boughtSkus: [],
  boughtCategories: [],
  interests: [],
  lastPurchaseAfter: undefined,
  lastPurchaseBefore: undefined,
};
const missingId = '00000000-0000-4000-8000-000000000000';

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

const tables = [
  'segments',
  'campaigns',
  'campaign_runs',
  'outbound_messages',
  'channel_consents',
  'customer_interests',
];
async function nothingWritten(): Promise<void> {
  for (const table of tables) {
    const [row] = await h.sql<{ n: string }>(`select count(*) as n from ${table}`);
    expect(`${table}: ${row?.n}`).toBe(`${table}: 0`);
  }
  expect(h.events.ofSubject('cs.care.message.dispatch_requested')).toEqual([]);
}

describe('every campaigns RPC rejects malformed input naming the field, and writes nothing', () => {
  it('DefineSegment: name, unspecified stage and tier, blank tag, empty purchase window, idempotency key', async () => {
    const fields = await rejectedFields(
      h.campaigns.defineSegment({
        name: '',
        rules: {
          ...noRules,
          lifecycleStages: ['LIFECYCLE_STAGE_UNSPECIFIED' as never],
          tiers: ['TIER_UNSPECIFIED' as never],
          tags: [' '],
          lastPurchaseAfter: { seconds: 2_000_000_000, nanos: 0 },
          lastPurchaseBefore: { seconds: 1_000_000_000, nanos: 0 },
        },
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual([
      'name',
      'rules.lifecycle_stages[0]',
      'rules.tiers[0]',
      'rules.tags[0]',
      'rules.last_purchase_after',
      'idempotency_key',
    ]);
  });

  it('PreviewSegment: neither segment nor rules; a malformed segment id; both at once', async () => {
    expect(await rejectedFields(h.campaigns.previewSegment({ segmentId: '', rules: undefined }))).toEqual([
      'segment_id',
    ]);
    expect(await rejectedFields(h.campaigns.previewSegment({ segmentId: 'seg-1', rules: undefined }))).toEqual([
      'segment_id',
    ]);
    expect(await rejectedFields(h.campaigns.previewSegment({ segmentId: missingId, rules: noRules }))).toEqual([
      'segment_id',
    ]);
  });

  it('CreateCampaign: name, segment, purpose, channels, email subject, body, coupon, key', async () => {
    const fields = await rejectedFields(
      h.campaigns.createCampaign({
        name: '',
        segmentId: 'not-an-id',
        purpose: MessagePurpose.MESSAGE_PURPOSE_UNSPECIFIED,
        channels: [Channel.CHANNEL_EMAIL, Channel.CHANNEL_UNSPECIFIED],
        subject: '',
        body: '券码 {coupon}',
        couponCode: '',
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual(['name', 'purpose', 'channels', 'subject', 'coupon_code', 'segment_id', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.campaigns.createCampaign({
          name: '问候',
          segmentId: missingId,
          purpose: MessagePurpose.MESSAGE_PURPOSE_MARKETING,
          channels: [],
          subject: '',
          body: '',
          couponCode: '',
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['channels', 'body']);
  });

  it('StartCampaignRun and GetCampaignRun: malformed ids and a missing key', async () => {
    expect(await rejectedFields(h.campaigns.startCampaignRun({ campaignId: 'x', idempotencyKey: '' }))).toEqual([
      'campaign_id',
      'idempotency_key',
    ]);
    expect(await rejectedFields(h.campaigns.getCampaignRun({ runId: '' }))).toEqual(['run_id']);
  });

  it('SendTransactionalMessage: customer, channel, reference, email subject, body, key', async () => {
    expect(
      await rejectedFields(
        h.as(gateway).campaigns.sendTransactionalMessage({
          customerId: '',
          channel: Channel.CHANNEL_EMAIL,
          reference: '',
          subject: '',
          body: '',
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['customer_id', 'reference', 'subject', 'body', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.as(gateway).campaigns.sendTransactionalMessage({
          customerId: 'buyer-1',
          channel: Channel.CHANNEL_UNSPECIFIED,
          reference: 'survey:1',
          subject: '',
          body: 'x'.repeat(2001),
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['channel', 'body']);
  });

  it('RecordDeliveryReceipt: message id and status', async () => {
    expect(
      await rejectedFields(
        h.as(gateway).campaigns.recordDeliveryReceipt({
          messageId: 'gw-123',
          status: DeliveryStatus.DELIVERY_STATUS_UNSPECIFIED,
          detail: '',
          reportedAt: undefined,
        }),
      ),
    ).toEqual(['message_id', 'status']);
  });

  it('RecordCustomerInterest: customer, interest, conversation, key', async () => {
    expect(
      await rejectedFields(
        h.campaigns.recordCustomerInterest({ customerId: '', interest: '', conversationId: '', idempotencyKey: '' }),
      ),
    ).toEqual(['customer_id', 'interest', 'conversation_id', 'idempotency_key']);
  });

  it('RecordConsent: customer, channel, malformed phone or email, key', async () => {
    expect(
      await rejectedFields(
        h.as(gateway).consent.recordConsent({
          customerId: '',
          channel: Channel.CHANNEL_UNSPECIFIED,
          address: '',
          marketingConsent: true,
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['customer_id', 'channel', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.as(gateway).consent.recordConsent({
          customerId: 'buyer-1',
          channel: Channel.CHANNEL_EMAIL,
          address: 'not-an-email',
          marketingConsent: true,
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['address']);
    expect(
      await rejectedFields(
        h.as(gateway).consent.recordConsent({
          customerId: 'buyer-1',
          channel: Channel.CHANNEL_SMS,
          address: 'call me',
          marketingConsent: true,
          idempotencyKey: key(),
        }),
      ),
    ).toEqual(['address']);
  });

  it('OptOut: a forged token, or neither token nor customer and channel', async () => {
    expect(
      await rejectedFields(
        h.as(gateway).consent.optOut({
          optOutToken: 'YnV5ZXItMQ.sms.forged',
          customerId: '',
          channel: Channel.CHANNEL_UNSPECIFIED,
        }),
      ),
    ).toEqual(['opt_out_token']);
    expect(
      await rejectedFields(
        h.as(gateway).consent.optOut({ optOutToken: '', customerId: '', channel: Channel.CHANNEL_UNSPECIFIED }),
      ),
    ).toEqual(['customer_id', 'channel']);
  });

  it('GetConsent: customer id', async () => {
    expect(await rejectedFields(h.consent.getConsent({ customerId: '' }))).toEqual(['customer_id']);
  });

  it('over HTTP the same request is a 400 naming the field', async () => {
    const reply = await h.http('/cs.care.v1.CampaignsService/StartCampaignRun', {
      campaign_id: 'x',
      idempotency_key: 'k',
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('campaign_id');
    const channel = await h.http('/cs.care.v1.ConsentService/OptOut', { customer_id: 'b', channel: 'CHANNEL_PIGEON' });
    expect(channel.status).toBe(400);
  });

  it('nothing was written by any of the above', async () => {
    await nothingWritten();
  });
});

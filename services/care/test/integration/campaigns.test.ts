import type { SegmentRules } from '@cs/contracts/cs/care/v1/campaigns_service';
import { DeliveryStatus, RunState } from '@cs/contracts/cs/care/v1/campaigns_service';
import { LifecycleStage, Tier } from '@cs/contracts/cs/care/v1/customer';
import { Channel, MessagePurpose, MessageState } from '@cs/contracts/cs/care/v1/message';
import { PrivacyServiceService } from '@cs/contracts/cs/care/v1/privacy_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignsHarness, gateway, key, startCampaigns } from './campaigns-fixture.js';

let h: CampaignsHarness;
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

beforeAll(async () => {
  h = await startCampaigns();
  await h.addProfiles([
    // The "newyear" segment: gold buyers tagged 学生.
    { customerId: 'ny-consents', phone: '13800000001', email: 'a@buyer.cn', tier: 'gold', tags: ['学生'] },
    { customerId: 'ny-no-consent', phone: '13800000002', email: 'b@buyer.cn', tier: 'gold', tags: ['学生'] },
    { customerId: 'ny-opted-out', phone: '13800000003', email: 'c@buyer.cn', tier: 'gold', tags: ['学生'] },
    { customerId: 'ny-capped', phone: '13800000004', email: 'd@buyer.cn', tier: 'gold', tags: ['学生'] },
    { customerId: 'ny-no-email', phone: '13800000005', tier: 'gold', tags: ['学生', '宝妈'] },
    // Outside it.
    { customerId: 'other-silver', phone: '13800000006', tier: 'silver', tags: ['学生'], skus: ['MUG-RED'] },
    { customerId: 'other-loyal', phone: '13800000007', stage: 'loyal', interests: ['white-mug-restock'] },
  ]);
  for (const customerId of ['ny-consents', 'ny-opted-out', 'ny-capped', 'ny-no-email']) {
    await h.consentTo(customerId, Channel.CHANNEL_SMS);
    await h.consentTo(customerId, Channel.CHANNEL_EMAIL);
  }
  await h.as(gateway).consent.optOut({ optOutToken: '', customerId: 'ny-opted-out', channel: Channel.CHANNEL_SMS });
  await h.as(gateway).consent.optOut({
    optOutToken: '',
    customerId: 'ny-opted-out',
    channel: Channel.CHANNEL_EMAIL,
  });
});
afterAll(() => h?.close());

async function segment(name: string, rules: Partial<SegmentRules>) {
  const { segment } = await h.campaigns.defineSegment({ name, rules: { ...noRules, ...rules }, idempotencyKey: key() });
  return segment!;
}

async function campaign(segmentId: string, channels: Channel[], purpose = MessagePurpose.MESSAGE_PURPOSE_MARKETING) {
  const { campaign } = await h.campaigns.createCampaign({
    name: '新年问候',
    segmentId,
    purpose,
    channels,
    subject: '新年快乐',
    body: '新年快乐！送您满100减20券，券码 {coupon}',
    couponCode: 'NY2027',
    idempotencyKey: key(),
  });
  return campaign!;
}

async function runToCompletion(campaignId: string) {
  const { run } = await h.campaigns.startCampaignRun({ campaignId, idempotencyKey: key() });
  return waitFor('the run to complete', async () => {
    const { run: now } = await h.campaigns.getCampaignRun({ runId: run!.runId });
    return now?.state === RunState.RUN_STATE_COMPLETED ? now : undefined;
  });
}

describe('segments by rules, previewed with a count', () => {
  it('counts each kind of rule: tier and tags, lifecycle stage, SKU, category, interest, last purchase', async () => {
    const count = async (rules: Partial<SegmentRules>) =>
      (await h.campaigns.previewSegment({ segmentId: '', rules: { ...noRules, ...rules } })).customerCount;
    expect(await count({ tiers: [Tier.TIER_GOLD], tags: ['学生'] })).toBe(5);
    expect(await count({ tags: ['学生', '宝妈'] })).toBe(1);
    expect(await count({ lifecycleStages: [LifecycleStage.LIFECYCLE_STAGE_LOYAL] })).toBe(1);
    expect(await count({ boughtSkus: ['MUG-RED'] })).toBe(1);
    expect(await count({ boughtCategories: ['MUG'] })).toBe(1);
    expect(await count({ interests: ['white-mug-restock'] })).toBe(1);
    expect(await count({ lastPurchaseAfter: { seconds: 0, nanos: 0 } })).toBe(0);
    expect(await count({})).toBe(7);
  });

  it('a saved segment previews the same count, over HTTP too', async () => {
    const saved = await segment('金卡学生', { tiers: [Tier.TIER_GOLD], tags: ['学生'] });
    expect(saved.rules?.tiers).toEqual([Tier.TIER_GOLD]);
    expect((await h.campaigns.previewSegment({ segmentId: saved.segmentId, rules: undefined })).customerCount).toBe(5);
    const reply = await h.http('/cs.care.v1.CampaignsService/PreviewSegment', { segment_id: saved.segmentId });
    expect(reply.status).toBe(200);
    expect(Number(reply.body.customerCount ?? reply.body.customer_count)).toBe(5);
  });
});

describe('a marketing campaign by SMS and email', () => {
  let runId: string;
  let campaignId: string;

  beforeAll(async () => {
    // ny-capped already got today's marketing message (daily cap 1) from an earlier campaign.
    const earlier = await campaign(
      (await segment('capped only', { tags: ['学生'], tiers: [Tier.TIER_GOLD] })).segmentId,
      [Channel.CHANNEL_IM],
    );
    await h.sql(
      `insert into outbound_messages (message_id, campaign_id, customer_id, channel, purpose, state, counted_at, created_at, updated_at)
       values (gen_random_uuid(), ?, 'ny-capped', 'im', 'marketing', 'sent', now(), now(), now())`,
      [earlier.campaignId],
    );
    const newYear = await campaign((await segment('新年', { tiers: [Tier.TIER_GOLD], tags: ['学生'] })).segmentId, [
      Channel.CHANNEL_SMS,
      Channel.CHANNEL_EMAIL,
    ]);
    campaignId = newYear.campaignId;
    const run = await runToCompletion(campaignId);
    runId = run.runId;
  });

  it('progress counts targeted, sent, skipped by cap and by opt-out/consent', async () => {
    const { run } = await h.campaigns.getCampaignRun({ runId });
    await waitFor('the queued email to be sent', async () => {
      const { run: now } = await h.campaigns.getCampaignRun({ runId });
      return now?.progress?.sent === 3 ? now : undefined;
    });
    expect(run?.progress?.targeted).toBe(5);
    // ny-consents: SMS + email; ny-no-email: SMS (email skipped: no address).
    // ny-capped: SMS skipped by the daily cap, and so is its email.
    expect(run?.progress?.skippedByCap).toBe(2);
    // ny-no-consent x2, ny-opted-out x2, ny-no-email's email.
    expect(run?.progress?.skippedByOptOut).toBe(5);
    expect(run?.progress?.held).toBe(0);
  });

  it('SMS leaves as cs.care.message.dispatch_requested with the opt-out line, one per consenting customer', async () => {
    const dispatched = await waitFor('two SMS dispatch events', () => {
      const events = h.events
        .ofSubject('cs.care.message.dispatch_requested')
        .filter((e) => e.data.campaignId === campaignId);
      return events.length === 2 ? events : undefined;
    });
    expect(dispatched.map((e) => e.data.customerId).sort()).toEqual(['ny-consents', 'ny-no-email']);
    for (const event of dispatched) {
      expect(event.data.channel).toBe('CHANNEL_SMS');
      expect(event.data.purpose).toBe('MESSAGE_PURPOSE_MARKETING');
      expect(event.data.text).toContain('券码 NY2027');
      expect(event.data.text).toContain('退订回T');
      expect(event.data.text).toContain('https://shop.example/optout?t=');
    }
    expect(dispatched.find((e) => e.data.customerId === 'ny-consents')?.data.address).toBe('13800000001');
  });

  it('email goes through the SMTP server with the opt-out link and List-Unsubscribe', async () => {
    const mail = await waitFor('the email at the SMTP server', () =>
      h.smtp.mails.find((m) => m.to.includes('a@buyer.cn')),
    );
    expect(mail.headers.subject).toBeDefined();
    expect(mail.text).toContain('券码 NY2027');
    expect(mail.text).toContain('https://shop.example/optout?t=');
    expect(mail.headers['list-unsubscribe']).toContain('https://shop.example/optout?t=');
    expect(mail.headers['message-id']).toMatch(/@care\.cs>$/);
    expect(h.smtp.mails.filter((m) => m.to.includes('c@buyer.cn') || m.to.includes('b@buyer.cn'))).toEqual([]);
  });

  it("messages sent go on the customer's timeline, once each", async () => {
    await waitFor('both messages on the timeline', async () => {
      const rows = await h.sql<{ summary: string }>(
        "select summary from timeline_entries where customer_id = 'ny-consents' and kind = 'message' order by summary",
      );
      return rows.length === 2 ? rows : undefined;
    });
    const rows = await h.sql<{ summary: string }>(
      "select summary from timeline_entries where customer_id = 'ny-consents' and kind = 'message' order by summary",
    );
    expect(rows.map((r) => r.summary)).toEqual(['marketing email', 'marketing sms']);
  });

  it('starting the run again changes nothing: the same run, no second copy', async () => {
    const before = h.events.ofSubject('cs.care.message.dispatch_requested').length;
    const { run } = await h.campaigns.startCampaignRun({ campaignId, idempotencyKey: key() });
    expect(run?.runId).toBe(runId);
    await h.worker.delivery.tick();
    const rows = await h.sql<{ n: string }>(
      "select count(*) as n from outbound_messages where campaign_id = ? and state in ('sent', 'queued')",
      [campaignId],
    );
    expect(Number(rows[0]?.n)).toBe(3);
    expect(h.events.ofSubject('cs.care.message.dispatch_requested').length).toBe(before);
  });

  it('a delivery receipt marks the message delivered; a repeated receipt changes nothing', async () => {
    const event = h.events
      .ofSubject('cs.care.message.dispatch_requested')
      .find((e) => e.data.campaignId === campaignId && e.data.customerId === 'ny-consents');
    const messageId = event?.data.messageId as string;
    const receipt = {
      messageId,
      status: DeliveryStatus.DELIVERY_STATUS_DELIVERED,
      detail: '',
      reportedAt: undefined,
    };
    expect((await h.as(gateway).campaigns.recordDeliveryReceipt(receipt)).state).toBe(
      MessageState.MESSAGE_STATE_DELIVERED,
    );
    expect((await h.as(gateway).campaigns.recordDeliveryReceipt(receipt)).state).toBe(
      MessageState.MESSAGE_STATE_DELIVERED,
    );
    const { run } = await h.campaigns.getCampaignRun({ runId });
    expect(run?.progress?.delivered).toBe(1);
  });

  it('the opt-out link in the message opts the customer out of that channel at once', async () => {
    const event = h.events
      .ofSubject('cs.care.message.dispatch_requested')
      .find((e) => e.data.campaignId === campaignId && e.data.customerId === 'ny-no-email');
    const token = /optout\?t=(\S+)/.exec(event?.data.text as string)?.[1] as string;
    const { consent } = await h
      .as(gateway)
      .consent.optOut({ optOutToken: token, customerId: '', channel: Channel.CHANNEL_UNSPECIFIED });
    expect(consent?.optedOut).toBe(true);
    expect(consent?.channel).toBe(Channel.CHANNEL_SMS);
    const { consents } = await h.as(gateway).consent.getConsent({ customerId: 'ny-no-email' });
    expect(consents.find((c) => c.channel === Channel.CHANNEL_SMS)?.optedOut).toBe(true);
    // A transactional SMS to them is now skipped too.
    const reply = await h.as(gateway).campaigns.sendTransactionalMessage({
      customerId: 'ny-no-email',
      channel: Channel.CHANNEL_SMS,
      reference: 'survey:s-1',
      subject: '',
      body: '请为本次服务打分',
      idempotencyKey: key(),
    });
    expect(reply.state).toBe(MessageState.MESSAGE_STATE_SKIPPED_BY_OPT_OUT);
  });
});

describe('transactional messages (revisits, surveys)', () => {
  it('ignore marketing consent and caps, go by dispatch event; a retry with the same key sends nothing more', async () => {
    const request = {
      customerId: 'ny-no-consent',
      channel: Channel.CHANNEL_SMS,
      reference: 'revisit:r-1',
      subject: '',
      body: '您好，回访一下您上次的售后体验',
      idempotencyKey: key(),
    };
    const first = await h.as(gateway).campaigns.sendTransactionalMessage(request);
    expect(first.state).toBe(MessageState.MESSAGE_STATE_SENT);
    expect(await h.as(gateway).campaigns.sendTransactionalMessage(request)).toEqual(first);
    const event = await waitFor('the dispatch event', () =>
      h.events.ofSubject('cs.care.message.dispatch_requested').find((e) => e.data.messageId === first.messageId),
    );
    expect(event.data.purpose).toBe('MESSAGE_PURPOSE_TRANSACTIONAL');
    expect(event.data.text).toBe('您好，回访一下您上次的售后体验');
    expect(
      h.events.ofSubject('cs.care.message.dispatch_requested').filter((e) => e.data.messageId === first.messageId),
    ).toHaveLength(1);
  });

  it('IM goes by dispatch event to the marketplace IM account the profile knows', async () => {
    await h.addProfiles([{ customerId: 'im-buyer' }]);
    await h.sql(
      `insert into customer_contact_channels (customer_id, channel, address, first_seen_at, last_seen_at)
       values ('im-buyer', 'marketplace_im', 'tb_old', now() - interval '2 days', now() - interval '2 days'),
              ('im-buyer', 'marketplace_im', 'tb_buyer_01', now(), now())`,
    );
    const { messageId } = await h.as(gateway).campaigns.sendTransactionalMessage({
      customerId: 'im-buyer',
      channel: Channel.CHANNEL_IM,
      reference: 'revisit:r-2',
      subject: '',
      body: '您好，回访一下',
      idempotencyKey: key(),
    });
    const event = await waitFor('the IM dispatch event', () =>
      h.events.ofSubject('cs.care.message.dispatch_requested').find((e) => e.data.messageId === messageId),
    );
    expect(event.data).toMatchObject({ channel: 'CHANNEL_IM', address: 'tb_buyer_01', customerId: 'im-buyer' });
  });

  it('an email the mail server refuses is retried, then counted failed', async () => {
    await h.addProfiles([{ customerId: 'mail-rejected', email: 'reject@buyer.cn' }]);
    const { messageId, state } = await h.as(gateway).campaigns.sendTransactionalMessage({
      customerId: 'mail-rejected',
      channel: Channel.CHANNEL_EMAIL,
      reference: 'survey:s-2',
      subject: '满意度调查',
      body: '请为本次服务打分',
      idempotencyKey: key(),
    });
    expect(state).toBe(MessageState.MESSAGE_STATE_QUEUED);
    const stateOf = async () =>
      (
        await h.sql<{ state: string; attempts: number; detail: string }>(
          'select state, attempts, detail from outbound_messages where message_id = ?',
          [messageId],
        )
      )[0];
    // Each attempt pushes the next one later; five attempts, then it is failed. Ticks an hour apart
    // until it is no longer queued: the worker's own poll may take an attempt (or skip a tick's claim).
    for (let hour = 1; hour <= 20 && (await stateOf())?.state === 'queued'; hour++) {
      await h.worker.delivery.tick(new Date(Date.now() + hour * 3_600_000));
    }
    expect(await stateOf()).toMatchObject({ state: 'failed', attempts: 5 });
    expect((await stateOf())?.detail).toContain('550');
  });

  it('a receipt for an unknown message is NOT_FOUND', async () => {
    const error = await h
      .as(gateway)
      .campaigns.recordDeliveryReceipt({
        messageId: '00000000-0000-4000-8000-000000000000',
        status: DeliveryStatus.DELIVERY_STATUS_FAILED,
        detail: 'no such number',
        reportedAt: undefined,
      })
      .catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

describe('erasure (PIPL)', () => {
  it("forgets the customer's addresses and texts in the message ledger and consents; the opt-out stays", async () => {
    const admin = createGrpcClient(PrivacyServiceService, h.sut.service.grpcAddress, {
      bearer: bearerFor({ roles: ['platform-admin'], agentId: 'admin-1' }),
    });
    try {
      await admin.eraseCustomer({ customerId: 'ny-opted-out', reason: 'PIPL-1', idempotencyKey: key() });
      await admin.eraseCustomer({ customerId: 'ny-consents', reason: 'PIPL-2', idempotencyKey: key() });
    } finally {
      admin.close();
    }
    const rows = await h.sql<{ address: string; text: string }>(
      "select address, text from outbound_messages where customer_id = 'ny-consents'",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.address === '' && r.text === '')).toBe(true);
    const { consents } = await h.as(gateway).consent.getConsent({ customerId: 'ny-opted-out' });
    expect(consents.every((c) => c.optedOut)).toBe(true);
  });
});

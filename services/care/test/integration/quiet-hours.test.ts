import type { SegmentRules } from '@cs/contracts/cs/care/v1/campaigns_service';
import { RunState } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Tier } from '@cs/contracts/cs/care/v1/customer';
import { Channel, MessagePurpose, MessageState } from '@cs/contracts/cs/care/v1/message';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignsHarness, gateway, key, quietHoursAround, startCampaigns } from './campaigns-fixture.js';

// The service runs with quiet hours around "now" in shop time: everything it sends is held.
let h: CampaignsHarness;
let runId: string;
let campaignId: string;
const rules: SegmentRules = {
  lifecycleStages: [],
  tiers: [Tier.TIER_GOLD],
  tags: [],
  boughtSkus: [],
  boughtCategories: [],
  interests: [],
  lastPurchaseAfter: undefined,
  lastPurchaseBefore: undefined,
};

beforeAll(async () => {
  h = await startCampaigns({ CARE_QUIET_HOURS: quietHoursAround(new Date(), true) });
  await h.addProfiles([
    { customerId: 'night-1', phone: '13900000001', email: 'n1@buyer.cn', tier: 'gold' },
    { customerId: 'night-2', phone: '13900000002', tier: 'gold' },
    { customerId: 'night-3', phone: '13900000003', tier: 'gold' },
  ]);
  for (const id of ['night-1', 'night-2', 'night-3']) await h.consentTo(id, Channel.CHANNEL_SMS);
  await h.consentTo('night-1', Channel.CHANNEL_EMAIL);
  const { segment } = await h.campaigns.defineSegment({ name: '金卡', rules, idempotencyKey: key() });
  const { campaign } = await h.campaigns.createCampaign({
    name: '元旦问候',
    segmentId: segment!.segmentId,
    purpose: MessagePurpose.MESSAGE_PURPOSE_MARKETING,
    channels: [Channel.CHANNEL_SMS, Channel.CHANNEL_EMAIL],
    subject: '元旦快乐',
    body: '元旦快乐',
    couponCode: '',
    idempotencyKey: key(),
  });
  campaignId = campaign!.campaignId;
  const { run } = await h.campaigns.startCampaignRun({ campaignId, idempotencyKey: key() });
  runId = run!.runId;
  await waitFor('the run to complete', async () => {
    const { run: now } = await h.campaigns.getCampaignRun({ runId });
    return now?.state === RunState.RUN_STATE_COMPLETED;
  });
});
afterAll(() => h?.close());

describe('quiet hours (免打扰) in shop time: held until the window opens, not dropped', () => {
  it('inside the window nothing leaves: every message is held until the window ends', async () => {
    const { run } = await h.campaigns.getCampaignRun({ runId });
    expect(run?.progress).toMatchObject({ targeted: 3, sent: 0, held: 4 });
    const held = await h.sql<{ due_at: Date }>(
      "select due_at from outbound_messages where campaign_id = ? and state = 'held'",
      [campaignId],
    );
    expect(held).toHaveLength(4);
    for (const row of held) expect(new Date(row.due_at).getTime()).toBeGreaterThan(Date.now());
    expect(h.events.ofSubject('cs.care.message.dispatch_requested')).toEqual([]);
    expect(h.smtp.mails).toEqual([]);
  });

  it('a transactional message is held too', async () => {
    const reply = await h.as(gateway).campaigns.sendTransactionalMessage({
      customerId: 'night-3',
      channel: Channel.CHANNEL_SMS,
      reference: 'survey:s-9',
      subject: '',
      body: '请评价',
      idempotencyKey: key(),
    });
    expect(reply.state).toBe(MessageState.MESSAGE_STATE_HELD);
  });

  it('when the window opens they go, except to a customer who opted out meanwhile', async () => {
    await h.as(gateway).consent.optOut({ optOutToken: '', customerId: 'night-2', channel: Channel.CHANNEL_SMS });
    const [{ due_at: opens }] = (await h.sql<{ due_at: Date }>(
      "select max(due_at) as due_at from outbound_messages where state = 'held'",
    )) as [{ due_at: Date }];
    await h.worker.delivery.tick(new Date(new Date(opens).getTime() + 1_000));
    await h.worker.delivery.tick(new Date(new Date(opens).getTime() + 2_000));
    const dispatched = await waitFor('three SMS after the window (two of the campaign, one transactional)', () => {
      const events = h.events.ofSubject('cs.care.message.dispatch_requested');
      return events.length === 3 ? events : undefined;
    });
    expect(
      dispatched
        .filter((e) => e.data.campaignId === campaignId)
        .map((e) => e.data.customerId)
        .sort(),
    ).toEqual(['night-1', 'night-3']);
    await waitFor('the held email at the SMTP server', () => h.smtp.mails.find((m) => m.to.includes('n1@buyer.cn')));
    const { run } = await h.campaigns.getCampaignRun({ runId });
    // Opted out: night-2's SMS on release; no email address: night-2 and night-3 at the run.
    expect(run?.progress).toMatchObject({ targeted: 3, sent: 3, held: 4, skippedByOptOut: 3 });
  });
});

import { CampaignsServiceService, RunState, type SegmentRules } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Channel, MessagePurpose } from '@cs/contracts/cs/care/v1/message';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { type RunningService, startService } from '@cs/service-kit';
import { bearerFor, testAuthEnv, waitFor } from '@cs/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careService } from '../../src/care.service.js';
import { type CampaignsHarness, key, quietHoursAround, startCampaigns, supervisor } from './campaigns-fixture.js';

// Two replicas each run a marketing campaign to the same customers at the same moment. The daily
// cap (1) must hold across them: each customer gets one of the two messages, never both.
const CUSTOMERS = 40;
const customerIds = Array.from({ length: CUSTOMERS }, (_, i) => `race-${String(i).padStart(3, '0')}`);

const rules: SegmentRules = {
  lifecycleStages: [],
  tiers: [],
  tags: ['cap-race'],
  boughtSkus: [],
  boughtCategories: [],
  interests: [],
  lastPurchaseAfter: undefined,
  lastPurchaseBefore: undefined,
};

// Short polls: a worker steps whichever run no other worker holds, so the two runs end up decided by
// the two replicas at once whichever worker reaches which run first. (With long polls only a
// StartCampaignRun woke a worker; when replica B's worker took run A first, A's worker had listed
// only run A, found it busy and went idle, and run B waited for an hour.)
const env = {
  CARE_CAMPAIGN_POLL_MS: '200',
  CARE_CAMPAIGN_DAILY_CAP: '1',
  CARE_CAMPAIGN_WEEKLY_CAP: '3',
  CARE_NPS_EVERY_DAYS: '0',
};

let h: CampaignsHarness;
let replica: RunningService;
let onReplica: PromiseClient<typeof CampaignsServiceService>;

beforeAll(async () => {
  h = await startCampaigns(env);
  replica = await startService(careService, {
    DATABASE_URL: h.sut.database.url,
    NATS_URL: h.sut.service.config.natsUrl,
    SUBJECT_PREFIX: h.sut.subjectPrefix,
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    LOG_LEVEL: 'error',
    SHOP_TIMEZONE: 'Asia/Shanghai',
    CARE_SMTP_URL: h.smtp.url,
    CARE_QUIET_HOURS: quietHoursAround(new Date(), false),
    ...env,
    ...(await testAuthEnv('care')),
  });
  onReplica = createGrpcClient(CampaignsServiceService, replica.grpcAddress, { bearer: bearerFor(supervisor) });
  await h.addProfiles(customerIds.map((customerId, i) => ({ customerId, phone: `1390000${i}`, tags: ['cap-race'] })));
  await h.sql(
    `insert into channel_consents (customer_id, channel, marketing_consent, updated_at)
     select unnest(array[?]::text[]), 'sms', true, now()`,
    [customerIds],
  );
});
afterAll(async () => {
  onReplica?.close();
  await replica?.stop();
  await h?.close();
});

async function smsCampaign(client: PromiseClient<typeof CampaignsServiceService>, name: string) {
  const { segment } = await client.defineSegment({ name, rules, idempotencyKey: key() });
  const { campaign } = await client.createCampaign({
    name,
    segmentId: segment!.segmentId,
    purpose: MessagePurpose.MESSAGE_PURPOSE_MARKETING,
    channels: [Channel.CHANNEL_SMS],
    subject: '',
    body: `${name}：送您满100减20券，券码 {coupon}`,
    couponCode: 'RACE',
    idempotencyKey: key(),
  });
  return campaign!.campaignId;
}

/** Run transactions (they hold a campaign_runs row lock) now waiting for another lock. */
async function blockedRunPages(): Promise<number> {
  const [row] = await h.sql<{ n: string }>(
    `select count(distinct waiting.pid) as n from pg_locks waiting
     where not waiting.granted and waiting.pid in (
       select held.pid from pg_locks held
       where held.granted and held.relation = 'campaign_runs'::regclass
         and held.database = (select oid from pg_database where datname = current_database()))`,
  );
  return Number(row?.n ?? 0);
}

describe('frequency caps under concurrency (two replicas, two campaigns, the same customers)', () => {
  it('every customer gets at most the daily cap of marketing messages, and exactly one of the two', async () => {
    const first = await smsCampaign(h.campaigns, '双十二预热');
    const second = await smsCampaign(onReplica, '年货节');

    // Hold writes to the message ledger so both replicas decide their page at the same moment:
    // each reads the customers' counts, then waits here to record its messages. SHARE mode blocks
    // those inserts but not the delivery sweep's `select … for update skip locked` on the table, which
    // EXCLUSIVE mode held up too, leaving a worker stuck in its sweep instead of stepping a run.
    const gate = new pg.Client({ connectionString: h.sut.database.url });
    await gate.connect();
    try {
      await gate.query('begin');
      await gate.query('lock table outbound_messages in share mode');
      const { run: runA } = await h.campaigns.startCampaignRun({ campaignId: first, idempotencyKey: key() });
      const { run: runB } = await onReplica.startCampaignRun({ campaignId: second, idempotencyKey: key() });
      await waitFor('both runs to be deciding their first page', async () => (await blockedRunPages()) >= 2);
      await gate.query('commit');

      for (const run of [runA, runB]) {
        await waitFor('the run to complete', async () => {
          const { run: now } = await h.campaigns.getCampaignRun({ runId: run!.runId });
          return now?.state === RunState.RUN_STATE_COMPLETED ? now : undefined;
        });
      }
    } finally {
      await gate.end();
    }

    const perCustomer = await h.sql<{ customer_id: string; messages: string }>(
      `select p.customer_id, count(m.message_id) as messages
       from customer_profiles p
       left join outbound_messages m on m.customer_id = p.customer_id and m.purpose = 'marketing'
         and m.counted_at is not null
       where p.customer_id in (?)
       group by p.customer_id`,
      [customerIds],
    );
    expect(perCustomer).toHaveLength(CUSTOMERS);
    const overCap = perCustomer.filter((row) => Number(row.messages) > 1).map((row) => row.customer_id);
    expect(overCap).toEqual([]);
    expect(perCustomer.every((row) => Number(row.messages) === 1)).toBe(true);

    const { run: a } = await h.campaigns.getCampaignRun({ runId: (await runOf(first)).run_id });
    const { run: b } = await h.campaigns.getCampaignRun({ runId: (await runOf(second)).run_id });
    expect((a?.progress?.sent ?? 0) + (b?.progress?.sent ?? 0)).toBe(CUSTOMERS);
    expect((a?.progress?.skippedByCap ?? 0) + (b?.progress?.skippedByCap ?? 0)).toBe(CUSTOMERS);
  });
});

async function runOf(campaignId: string) {
  const [row] = await h.sql<{ run_id: string }>('select run_id from campaign_runs where campaign_id = ?', [campaignId]);
  return row as { run_id: string };
}

// A campaign run killed with SIGKILL mid-run and restarted: every eligible customer gets exactly one
// SMS dispatch on the bus (counted from the JetStream stream the gateways consume), nobody else gets
// one, and the run's counts add up. The care service runs as a real process (its built dist).
import { prefixStream, prefixSubject, withoutPartition } from '@cs/bus';
import { CampaignsServiceService, RunState } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Tier } from '@cs/contracts/cs/care/v1/customer';
import { Channel, MessagePurpose } from '@cs/contracts/cs/care/v1/message';
import { createGrpcClient } from '@cs/grpc';
import { shopWallClock } from '@cs/shop-time';
import {
  bearerFor,
  createTestDatabase,
  deleteTestStreams,
  type TestDatabase,
  testAuthEnv,
  uniqueSubjectPrefix,
  waitFor,
} from '@cs/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureServicesBuilt } from '../e2e/processes/support/build.js';
import {
  freePorts,
  type ServiceProcess,
  spawnServiceProcess,
  waitUntilReady,
} from '../e2e/processes/support/service-process.js';

const CUSTOMERS = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 20_000);
const SHOP_TIMEZONE = 'Asia/Shanghai';
const supervisor = { roles: ['supervisor'], agentId: 'sup-1', name: '钱七' };
const cleanups: (() => Promise<unknown>)[] = [];
let database: TestDatabase;
let db: pg.Client;
let subjectPrefix: string;
let natsUrl: string;

/** Quiet hours three hours from now (shop time): enforced, but not holding this run. */
function quietHoursAwayFromNow(): string {
  const hour = shopWallClock(new Date(), SHOP_TIMEZONE).hour;
  const at = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  return `${at(hour + 3)}-${at(hour + 4)}`;
}

async function startCare(): Promise<ServiceProcess> {
  const [httpPort, grpcPort] = (await freePorts(2)) as [number, number];
  const service = spawnServiceProcess({
    name: 'care',
    databaseUrl: database.url,
    natsUrl,
    subjectPrefix,
    httpPort,
    grpcPort,
    env: {
      ...(await testAuthEnv('care')),
      SHOP_TIMEZONE,
      CARE_QUIET_HOURS: quietHoursAwayFromNow(),
      CARE_CAMPAIGN_BATCH_SIZE: '200',
      CARE_CAMPAIGN_POLL_MS: '100',
      LOG_LEVEL: 'warn',
    },
  });
  cleanups.push(() => service.stop());
  await waitUntilReady(service);
  return service;
}

const count = async (query: string, params: unknown[] = []) => Number((await db.query(query, params)).rows[0].n);

beforeAll(async () => {
  await ensureServicesBuilt(['care']);
  const postgresUrl = inject('postgresUrl');
  natsUrl = inject('natsUrl');
  subjectPrefix = uniqueSubjectPrefix();
  cleanups.push(() => deleteTestStreams(natsUrl, subjectPrefix));
  database = await createTestDatabase(postgresUrl, 'fault_care');
  cleanups.push(() => database.drop());
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('a campaign run killed with SIGKILL mid-run resumes without a second copy', () => {
  it(`every eligible customer of ${CUSTOMERS} gets exactly one SMS; caps, opt-outs and missing consent skip the rest`, async () => {
    let care = await startCare();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.push(() => db.end());
    // The segment: gold customers (every 10th is silver). Consent: every 7th never gave it, every
    // 20th opted out; every 13th already got a marketing message today (daily cap 1).
    await db.query(
      `insert into customer_profiles (customer_id, phone, lifecycle_stage, tier, tags, first_seen_at)
       select 'c' || lpad(g::text, 7, '0'), '138' || lpad(g::text, 8, '0'), 'first_buyer',
              case when g % 10 = 0 then 'silver' else 'gold' end, '{}', now()
       from generate_series(1, $1::int) g`,
      [CUSTOMERS],
    );
    await db.query(
      `insert into channel_consents (customer_id, channel, marketing_consent, opted_out_at, updated_at)
       select 'c' || lpad(g::text, 7, '0'), 'sms', true, case when g % 20 = 0 then now() end, now()
       from generate_series(1, $1::int) g where g % 7 <> 0`,
      [CUSTOMERS],
    );
    const campaigns = createGrpcClient(CampaignsServiceService, care.grpcAddress, { bearer: bearerFor(supervisor) });
    const rules = {
      lifecycleStages: [],
      tiers: [Tier.TIER_GOLD],
      tags: [],
      boughtSkus: [],
      boughtCategories: [],
      interests: [],
      lastPurchaseAfter: undefined,
      lastPurchaseBefore: undefined,
    };
    const { segment } = await campaigns.defineSegment({ name: '金卡', rules, idempotencyKey: 'seg-1' });
    const newCampaign = async (name: string) =>
      (
        await campaigns.createCampaign({
          name,
          segmentId: segment!.segmentId,
          purpose: MessagePurpose.MESSAGE_PURPOSE_MARKETING,
          channels: [Channel.CHANNEL_SMS],
          subject: '',
          body: '新年快乐！券码 {coupon}',
          couponCode: 'NY2027',
          idempotencyKey: `campaign-${name}`,
        })
      ).campaign!;
    const earlier = await newCampaign('earlier');
    await db.query(
      `insert into outbound_messages (message_id, campaign_id, customer_id, channel, purpose, state, counted_at, created_at, updated_at)
       select gen_random_uuid(), $2, 'c' || lpad(g::text, 7, '0'), 'im', 'marketing', 'sent', now(), now(), now()
       from generate_series(1, $1::int) g where g % 13 = 0`,
      [CUSTOMERS, earlier.campaignId],
    );
    const eligible = await count(
      `select count(*) as n from customer_profiles p
         join channel_consents c on c.customer_id = p.customer_id and c.channel = 'sms'
       where p.tier = 'gold' and c.marketing_consent and c.opted_out_at is null
         and not exists (select 1 from outbound_messages o where o.customer_id = p.customer_id)`,
    );
    const targeted = await count("select count(*) as n from customer_profiles where tier = 'gold'");
    expect((await campaigns.previewSegment({ segmentId: segment!.segmentId, rules: undefined })).customerCount).toBe(
      targeted,
    );

    const campaign = await newCampaign('new-year');
    const { run } = await campaigns.startCampaignRun({ campaignId: campaign.campaignId, idempotencyKey: 'run-1' });
    campaigns.close();
    // Kill it once a quarter of the segment is decided, in the middle of its pages.
    await waitFor(
      'a quarter of the segment decided',
      async () =>
        (await count('select targeted as n from campaign_runs where run_id = $1', [run!.runId])) >= targeted / 4,
      { timeoutMs: 120_000, intervalMs: 20 },
    );
    process.kill(care.pid, 'SIGKILL');
    await waitFor('the killed process to exit', () => care.exited(), { timeoutMs: 10_000 });
    const atKill = await count('select targeted as n from campaign_runs where run_id = $1', [run!.runId]);
    expect(atKill).toBeLessThan(targeted);

    care = await startCare();
    const again = createGrpcClient(CampaignsServiceService, care.grpcAddress, { bearer: bearerFor(supervisor) });
    cleanups.push(async () => again.close());
    const finished = await waitFor(
      'the resumed run to complete',
      async () => {
        const { run: now } = await again.getCampaignRun({ runId: run!.runId });
        return now?.state === RunState.RUN_STATE_COMPLETED ? now : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 100 },
    );
    expect(finished.progress?.targeted).toBe(targeted);
    expect(finished.progress?.sent).toBe(eligible);
    expect(
      (finished.progress?.sent ?? 0) +
        (finished.progress?.skippedByCap ?? 0) +
        (finished.progress?.skippedByOptOut ?? 0),
    ).toBe(targeted);

    // What the gateways get: the stream, after the relay drained the outbox.
    await waitFor(
      'the outbox to drain',
      async () => (await count('select count(*) as n from cs_outbox where published_at is null')) === 0,
      {
        timeoutMs: 120_000,
        intervalMs: 100,
      },
    );
    const nc = await connect({ servers: natsUrl.split(',') });
    cleanups.push(() => nc.close());
    const stream = prefixStream(subjectPrefix, 'CS_CARE');
    const subject = prefixSubject(subjectPrefix, 'cs.care.message.dispatch_requested');
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    // An ordered consumer over the whole stream (nats-server 2.9 has no multi-subject filters).
    const consumer = await jetstream(nc).consumers.get(stream);
    const perCustomer = new Map<string, number>();
    let read = 0;
    while (read < info.state.messages) {
      const batch = await consumer.fetch({ max_messages: 1000, expires: 2_000 });
      for await (const message of batch) {
        read++;
        if (withoutPartition(message.subject) !== subject) continue;
        const { customerId, campaignId } = message.json<{ customerId: string; campaignId: string }>();
        if (campaignId === campaign.campaignId) perCustomer.set(customerId, (perCustomer.get(customerId) ?? 0) + 1);
      }
    }
    const twice = [...perCustomer.entries()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(perCustomer.size).toBe(eligible);
    const notEligible = await count(
      `select count(*) as n from customer_profiles p
       left join channel_consents c on c.customer_id = p.customer_id and c.channel = 'sms'
       where p.customer_id = any($1::text[])
         and (p.tier <> 'gold' or c.customer_id is null or c.opted_out_at is not null
              or exists (select 1 from outbound_messages o where o.customer_id = p.customer_id and o.campaign_id = $2))`,
      [[...perCustomer.keys()], earlier.campaignId],
    );
    expect(notEligible).toBe(0);
  }, 600_000);
});

import { CampaignsServiceService, ConsentServiceService } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Channel } from '@cs/contracts/cs/care/v1/message';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { shopWallClock } from '@cs/shop-time';
import {
  authAs,
  bearerFor,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { SMTPServer } from 'smtp-server';
import { inject } from 'vitest';
import { CampaignWorker } from '../../src/application/campaign.worker.js';
import { careService } from '../../src/care.service.js';

export const careAgent: TestCaller = { roles: ['care-agent'], agentId: 'care-1', name: '赵六' };
export const supervisor: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '钱七' };
/** The shop's SMS/IM gateway and opt-out page: client credentials. */
export const gateway: TestCaller = { roles: ['service'], agentId: 'service:sms-gateway' };

const SHOP_TZ = 'Asia/Shanghai';
const pad = (n: number) => String(((n % 24) + 24) % 24).padStart(2, '0');

/** A quiet-hours window that holds now (shop time), or one that does not. */
export function quietHoursAround(now: Date, holdsNow: boolean): string {
  const hour = shopWallClock(now, SHOP_TZ).hour;
  return holdsNow ? `${pad(hour)}:00-${pad(hour + 2)}:00` : `${pad(hour + 3)}:00-${pad(hour + 4)}:00`;
}

/** One email as the SMTP server received it: envelope, headers, decoded text. */
export interface ReceivedMail {
  to: string[];
  headers: Record<string, string>;
  text: string;
}

function decodeBody(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  let text = body;
  if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, text };
}

/** A real SMTP server (smtp-server) on a free port, keeping what it receives. */
export async function startSmtpServer(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A mailbox the server refuses, for the retry-then-fail path.
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('reject')) callback(new Error('550 mailbox unavailable'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { headers, text } = decodeBody(Buffer.concat(chunks).toString('utf8'));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), headers, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CareClients {
  campaigns: PromiseClient<typeof CampaignsServiceService>;
  consent: PromiseClient<typeof ConsentServiceService>;
}

export interface CampaignsHarness extends CareClients {
  sut: ServiceUnderTest;
  as(caller: TestCaller): CareClients;
  events: EventRecorder;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  worker: CampaignWorker;
  http(path: string, body: unknown, caller?: TestCaller | null): Promise<{ status: number; body: any }>;
  /** Profiles as care projects them (customer_profiles rows). */
  addProfiles(profiles: ProfileSeed[]): Promise<void>;
  /** Consent to marketing on a channel, through ConsentService. */
  consentTo(customerId: string, channel: Channel, address?: string): Promise<void>;
  close(): Promise<void>;
}

export interface ProfileSeed {
  customerId: string;
  phone?: string;
  email?: string;
  stage?: string;
  tier?: string;
  tags?: string[];
  lastPurchaseAt?: Date;
  skus?: string[];
  interests?: string[];
}

let keys = 0;
export const key = () => `key-${process.pid}-${Date.now()}-${++keys}`;

export async function startCampaigns(env: Record<string, string> = {}): Promise<CampaignsHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const smtp = await startSmtpServer();
  const sut = await startServiceUnderTest(careService, infrastructure, {
    SHOP_TIMEZONE: SHOP_TZ,
    CARE_SMTP_URL: smtp.url,
    CARE_CAMPAIGN_POLL_MS: '100',
    CARE_OPT_OUT_URL: 'https://shop.example/optout',
    CARE_QUIET_HOURS: quietHoursAround(new Date(), false),
    ...env,
  });
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix, 'cs.care.>');
  const address = sut.service.grpcAddress;
  const opened: CareClients[] = [];
  const as = (caller: TestCaller): CareClients => {
    const bearer = bearerFor(caller);
    const clients = {
      campaigns: createGrpcClient(CampaignsServiceService, address, { bearer }),
      consent: createGrpcClient(ConsentServiceService, address, { bearer }),
    };
    opened.push(clients);
    return clients;
  };
  const { campaigns, consent } = as(supervisor);
  const orm = sut.service.app.get(MikroORM);
  const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params);
  return {
    sut,
    campaigns,
    consent,
    as,
    events,
    smtp,
    sql,
    worker: sut.service.app.get(CampaignWorker),
    async http(path, body, caller = supervisor) {
      const auth = caller ? await authAs(caller) : {};
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async addProfiles(profiles) {
      for (const p of profiles) {
        await sql(
          `insert into customer_profiles (customer_id, phone, email, lifecycle_stage, tier, tags, last_purchase_at, first_seen_at)
           values (?, ?, ?, ?, ?, ?::text[], ?, now())`,
          [
            p.customerId,
            p.phone ?? '',
            p.email ?? '',
            p.stage ?? 'first_buyer',
            p.tier ?? 'standard',
            `{${(p.tags ?? []).map((tag) => `"${tag}"`).join(',')}}`,
            p.lastPurchaseAt ?? null,
          ],
        );
        for (const sku of p.skus ?? []) {
          await sql('insert into customer_order_items (order_id, customer_id, sku) values (?, ?, ?)', [
            `o-${p.customerId}-${sku}`,
            p.customerId,
            sku,
          ]);
        }
        for (const topic of p.interests ?? []) {
          await sql(
            "insert into customer_interests (customer_id, topic, conversation_id, recorded_at) values (?, ?, 'conv-1', now())",
            [p.customerId, topic],
          );
        }
      }
    },
    async consentTo(customerId, channel, address = '') {
      await as(gateway).consent.recordConsent({
        customerId,
        channel,
        address,
        marketingConsent: true,
        idempotencyKey: key(),
      });
    },
    async close() {
      for (const clients of opened) for (const client of Object.values(clients)) client.close();
      await events.stop();
      await sut.close();
      await smtp.close();
    },
  };
}

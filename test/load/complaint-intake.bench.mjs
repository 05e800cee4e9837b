// Complaint intake, step 1 of the complaint desk: from the front line's complaint_raised on the bus to
// the complaints desk's apology in the customer's conversation, at a paced rate (50/s by default).
//   inquiry:    a built inquiry process on its own database; the conversations to complain in are
//               opened first through IngestMessage (greetings, so inquiry itself raises no complaint);
//   producer:   this process publishes cs.inquiry.conversation.complaint_raised for them into the
//               CS_INQUIRY stream, as inquiry's relay does (CloudEvents headers, proto3 JSON, msgID);
//   complaints: a built complaints process on its own database: its consumer opens the file (number,
//               deadline, apology) and its relay publishes cs.complaints.complaint.acknowledged;
//   inquiry:    its consumer posts the apology into the conversation.
// Latency per complaint, all on this machine's clock: acknowledged = the ComplaintAcknowledged seen by
// a core-NATS subscriber here − publish; written = the apology's sent_at in inquiry's database (set in
// its transaction, just before the commit) − publish; visible = when a poll of inquiry's database
// (every VISIBLE_POLL_MS) first saw the committed row − publish (an upper bound by up to one poll).
import { randomUUID } from 'node:crypto';
import { allPartitions, cloudEventHeaders, eventNatsSubject, prefixSubject, uuidv7 } from '@cs/bus';
import { codecFor } from '@cs/contracts';
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService, IngestMessageRequest } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { dbUrl, fmt, log, markdownTable, NATS_URL, percentile, sleep, sql, waitUntil } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { cpuGroupsWith } from './support/closed-loop.mjs';
import { describeCpu, startCpuSample } from './support/cpu.sampler.mjs';
import { startService } from './support/processes.util.mjs';

export const INQUIRY_DB = 'cs_bench_intake_inquiry';
export const COMPLAINTS_DB = 'cs_bench_intake_complaints';
const VISIBLE_POLL_MS = 20;
const SAMPLE_MS = 100;
const SEED_CLIENTS = 8;
const raisedCodec = codecFor('cs.inquiry.conversation.complaint_raised');
const APOLOGY_KEY = 'complaints:acknowledged:%';

/**
 * A query of the pollers on a short-lived connection that cannot crash the run: a connection ended by
 * the server (another run's cleanup dropping the database) rejects instead of emitting an unhandled error.
 */
async function poll(url, text, params = []) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Opens `count` conversations of new customers through IngestMessage (greetings: class OTHER, no complaint). */
async function openConversations(grpcAddress, count, run) {
  const intake = createGrpcClient(ConversationsServiceService, grpcAddress, {
    bearer: bearerFor({ roles: ['service'], agentId: 'service:im-connector' }),
  });
  const conversations = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: SEED_CLIENTS }, async () => {
        while (next < count) {
          const n = next++;
          const customer = { customerId: `bench-${run}-${n}`, displayName: `顾客${n}` };
          const { conversation } = await intake.ingestMessage(
            IngestMessageRequest.fromJSON({
              channel: Channel.CHANNEL_MARKETPLACE_IM,
              channelMessageId: randomUUID(),
              customer,
              body: '你好，在吗？',
            }),
          );
          conversations[n] = { conversationId: conversation.conversationId, customer };
        }
      }),
    );
  } finally {
    intake.close();
  }
  return conversations;
}

/** complaint_raised for one conversation, as inquiry's relay publishes it. */
function raisedMessage(subjectPrefix, { conversationId, customer }, n) {
  const eventId = uuidv7();
  const headers = natsHeaders();
  const record = cloudEventHeaders({
    id: eventId,
    type: 'cs.inquiry.conversation.complaint_raised',
    source: '/cs/inquiry',
    time: new Date(),
    aggregateId: conversationId,
    aggregateVersion: 3,
    trace: {},
  });
  for (const [key, value] of Object.entries(record)) headers.set(key, value);
  const payload = raisedCodec.fromJSON({
    conversationId,
    customer,
    order: { orderId: `TB-BENCH-${n}` },
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    description: `我要投诉，收到的杯子有裂纹（${n}）`,
    conversationVersion: 3,
  });
  return {
    subject: eventNatsSubject(subjectPrefix, 'cs.inquiry.conversation.complaint_raised', conversationId),
    body: JSON.stringify(raisedCodec.toJSON(payload)),
    options: { headers, msgID: eventId },
  };
}

/**
 * Open loop: a 1 ms timer publishes every complaint due by now (catching up after a late tick), each
 * one awaited apart so a slow JetStream ack does not hold back the next.
 */
async function publishPaced(js, subjectPrefix, conversations, rate, sent) {
  const start = performance.now();
  let launched = 0;
  let inFlight = 0;
  let failures = 0;
  let maxBehind = 0;
  let lastError;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(conversations.length, Math.floor(((performance.now() - start) * rate) / 1000));
      maxBehind = Math.max(maxBehind, due - launched);
      while (launched < due) {
        const n = launched++;
        const conversation = conversations[n];
        const message = raisedMessage(subjectPrefix, conversation, n);
        sent.set(conversation.conversationId, { n, at: Date.now() });
        inFlight++;
        js.publish(message.subject, message.body, message.options)
          .catch((error) => {
            failures++;
            lastError = error;
          })
          .finally(() => inFlight--);
      }
      if (launched >= conversations.length) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await waitUntil('the publishes in flight', () => inFlight === 0, { everyMs: 5 });
  if (failures) throw new Error(`${failures} complaint_raised publishes failed: ${lastError?.stack}`);
  return { seconds: (performance.now() - start) / 1000, maxBehind };
}

/**
 * What complaints' database sessions are doing, sampled every SAMPLE_MS while it runs: per wait (or
 * "on CPU") and statement, the share of samples in which a session was in it. Shows where a backlog
 * in front of the consumer comes from (e.g. openings queueing on one row lock).
 */
function sampleSessions(url) {
  const counts = new Map();
  let samples = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const rows = await poll(
        url,
        `select coalesce(wait_event_type || '/' || wait_event, 'running') as wait, state,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 48) as statement
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
      ).catch(() => []);
      samples++;
      for (const row of rows) {
        const key = `${row.wait} (${row.state}): ${row.statement}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(SAMPLE_MS);
    }
  })();
  return async () => {
    running = false;
    await done;
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([what, n]) => ({ what, share: n / Math.max(1, samples) }));
  };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  };
}

/** One run per rate, each on fresh databases and processes. */
export async function runComplaintIntake({ subjectPrefix, rates, warmupS, durationS }) {
  const results = [];
  for (const rate of rates) {
    log(`complaint intake at ${rate}/s: ${warmupS} s warm-up + ${durationS} s`);
    results.push(await runOneRate({ subjectPrefix: `${subjectPrefix}r${rate}`, rate, warmupS, durationS }));
    const r = results.at(-1);
    log(`  visible p50 ${fmt(r.visible.p50)} ms, p99 ${fmt(r.visible.p99)} ms; delivered ${fmt(r.deliveredRate)}/s`);
  }
  return results;
}

/**
 * One run: warm-up complaints at the rate (not measured), then durationS seconds of complaints at
 * the rate; waits until every apology is in its conversation, then checks once per complaint.
 */
async function runOneRate({ subjectPrefix, rate, warmupS, durationS }) {
  await dropBenchDatabases([INQUIRY_DB, COMPLAINTS_DB]);
  const inquiry = await startService('inquiry', {
    databaseUrl: dbUrl(INQUIRY_DB),
    subjectPrefix,
    // Intake never calls the order desk; the address only has to be valid.
    env: { ORDERS_GRPC_ADDRESS: '127.0.0.1:9' },
  });
  const complaints = await startService('complaints', { databaseUrl: dbUrl(COMPLAINTS_DB), subjectPrefix });
  const nc = await connect({ servers: NATS_URL, name: 'bench-complaint-intake' });
  const acknowledged = new Map(); // conversationId → ms
  const visible = new Map(); // conversationId → ms
  let polling = true;
  let poller = Promise.resolve();
  try {
    const warm = Math.round(rate * warmupS);
    const measured = Math.round(rate * durationS);
    log(`  opening ${warm + measured} conversations through IngestMessage`);
    const conversations = await openConversations(inquiry.grpcAddress, warm + measured, subjectPrefix);

    const subscription = nc.subscribe(
      allPartitions(prefixSubject(subjectPrefix, 'cs.complaints.complaint.acknowledged')),
    );
    (async () => {
      for await (const message of subscription) {
        const at = Date.now();
        const { conversationId } = message.json();
        if (!acknowledged.has(conversationId)) acknowledged.set(conversationId, at);
      }
    })();
    await nc.flush();
    // Sees each apology row once it is committed. Rows commit out of sent_at order, so each poll reads
    // back 10 s before the newest seen (far more than a transaction takes), not only newer rows.
    let pollError;
    poller = (async () => {
      let since = new Date(0).toISOString();
      while (polling) {
        // A failed poll (e.g. the database dropped by another run's cleanup) ends the run, not the process.
        const rows = await poll(
          dbUrl(INQUIRY_DB),
          `select conversation_id::text as id, sent_at::text as sent_at from messages
            where channel_message_id like $1 and sent_at > $2::timestamptz - interval '10 seconds' order by sent_at`,
          [APOLOGY_KEY, since],
        ).catch((error) => {
          pollError = error;
          polling = false;
          return [];
        });
        const at = Date.now();
        for (const row of rows) if (!visible.has(row.id)) visible.set(row.id, at);
        if (rows.length) since = rows.at(-1).sent_at;
        await sleep(VISIBLE_POLL_MS);
      }
    })();

    const js = jetstream(nc);
    const sent = new Map();
    log(`  warm-up: ${warm} complaints at ${rate}/s`);
    await publishPaced(js, subjectPrefix, conversations.slice(0, warm), rate, sent);
    const seen = (count) => () => {
      if (pollError) throw pollError;
      return visible.size >= count;
    };
    await waitUntil('the warm-up apologies', seen(warm), { timeoutMs: 120_000, everyMs: 50 });
    log(`  measured: ${measured} complaints at ${rate}/s`);
    const cpu = startCpuSample(cpuGroupsWith({ inquiry: inquiry.pid, complaints: complaints.pid }));
    const sessions = sampleSessions(dbUrl(COMPLAINTS_DB));
    const published = await publishPaced(js, subjectPrefix, conversations.slice(warm), rate, sent);
    const drainStart = Date.now();
    await waitUntil('every apology in its conversation', seen(warm + measured), {
      timeoutMs: 300_000,
      everyMs: 50,
    });
    const cpuUse = cpu();
    const waits = await sessions();
    const drainAfterStopS = (Date.now() - drainStart) / 1000;
    polling = false;
    await poller;
    subscription.unsubscribe();

    const written = new Map(
      (
        await sql(
          dbUrl(INQUIRY_DB),
          `select conversation_id::text as id, (extract(epoch from sent_at) * 1000)::float8 as ms, count(*) over (partition by conversation_id)::int as copies
             from messages where channel_message_id like $1`,
          [APOLOGY_KEY],
        )
      ).map((row) => [row.id, row]),
    );
    const opened = new Map(
      (
        await sql(
          dbUrl(COMPLAINTS_DB),
          `select conversation_id as id, (extract(epoch from opened_at) * 1000)::float8 as ms from complaint`,
        )
      ).map((row) => [row.id, row.ms]),
    );
    const [files] = await sql(
      dbUrl(COMPLAINTS_DB),
      'select count(*)::int as files, count(distinct source_reference)::int as sources from complaint',
    );
    const window = conversations.slice(warm).map((c) => c.conversationId);
    const since = (map, id) => map.get(id) - sent.get(id).at;
    return {
      rate,
      warm,
      measured,
      publishedRate: measured / published.seconds,
      maxBehind: published.maxBehind,
      drainAfterStopS,
      deliveredRate: measured / ((Math.max(...window.map((id) => visible.get(id))) - sent.get(window[0]).at) / 1000),
      opened: stats(window.map((id) => opened.get(id) - sent.get(id).at)),
      acknowledged: stats(window.filter((id) => acknowledged.has(id)).map((id) => since(acknowledged, id))),
      written: stats(window.map((id) => written.get(id).ms - sent.get(id).at)),
      visible: stats(window.map((id) => since(visible, id))),
      check: {
        files: files.files,
        sources: files.sources,
        apologies: written.size,
        doubled: [...written.values()].filter((row) => row.copies > 1).length,
        expected: warm + measured,
      },
      cpu: cpuUse,
      waits,
    };
  } finally {
    polling = false;
    await poller;
    await nc.close();
    await Promise.all([inquiry.stop(), complaints.stop()]);
    await dropBenchDatabases([INQUIRY_DB, COMPLAINTS_DB]);
  }
}

/** The results.md section of the runs. */
export function complaintIntakeSection(results, environment) {
  const row = (r, what, s) => [r.rate, what, s.count, fmt(s.p50, 1), fmt(s.p90, 1), fmt(s.p99, 1), fmt(s.max, 1)];
  const exactly = (r) => {
    const c = r.check;
    return c.files === c.expected && c.sources === c.expected && c.apologies === c.expected && c.doubled === 0
      ? `exactly once (${c.files} files, ${c.apologies} apologies, one per conversation, for ${c.expected} events)`
      : `**NOT exactly once**: ${c.files} files (${c.sources} distinct sources), ${c.apologies} apologies, ${c.doubled} conversations with more than one, for ${c.expected} events`;
  };
  const load = results.map(
    (r) =>
      `${r.rate}/s: ${r.measured} complaints published at ${fmt(r.publishedRate)}/s (at most ${r.maxBehind} behind schedule), delivered end to end at ${fmt(r.deliveredRate)}/s, the last apology in ${fmt(r.drainAfterStopS, 2)} s after the last publish; ${exactly(r)}; CPU ${describeCpu(r.cpu)}`,
  );
  return `## Complaint intake: complaint_raised → the apology in the customer's conversation

${environment}

${markdownTable(
  ['rate (/s)', 'from complaint_raised published to', 'complaints', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'max (ms)'],
  results.flatMap((r) => [
    row(r, 'file opened (complaints, opened_at)', r.opened),
    row(r, 'ComplaintAcknowledged on the bus', r.acknowledged),
    row(r, 'apology written in the conversation', r.written),
    row(r, `apology visible (committed, polled every ${VISIBLE_POLL_MS} ms)`, r.visible),
  ]),
)}

- **Load**, per rate after warm-up complaints at the same rate (not counted; the run waits until their apologies are in): ${load.join('; ')}. *delivered* = the measured complaints / (last apology visible − first measured publish).
- **Path**: this process publishes \`cs.inquiry.conversation.complaint_raised\` into inquiry's stream as inquiry's relay does (one per fresh conversation, opened beforehand through IngestMessage); the **complaints** process (its own database) consumes it (inbox, opens the file: number of the day, step deadline, incident check, outbox) and its relay publishes \`cs.complaints.complaint.acknowledged\`; the **inquiry** process (its own database) consumes that and writes the apology into the conversation (one per complaint). Both built services run as production does (telemetry on, LOG_LEVEL=warn), one process each, on fresh databases per rate.
- **Clocks**: all on this machine. *file opened* = the file's opened_at (complaints' clock, taken before its transaction's writes); *acknowledged* = a core-NATS subscriber in this process; *written* = the apology's sent_at (inquiry's clock, set in its transaction just before the commit); *visible* = this process's poll of inquiry's database first returning the row (an upper bound, by up to one poll).
- **CPU** over the measured window and the drain, % of one core; *other* is everything else on this shared machine.
- **complaints' database sessions**, sampled every ${SAMPLE_MS} ms over the measured window and the drain (busy sessions per sample, by wait and statement; "ClientRead" = waiting for the service's next statement): ${results
    .map((r) => `${r.rate}/s: ${r.waits.map((w) => `\`${w.what}\` ${w.share.toFixed(2)}`).join('; ')}`)
    .join(' — ')}.
`;
}

// IngestMessage over gRPC against the front line (services/inquiry): every request is a new customer's
// first message, so each one opens a conversation, classifies it by the rules in the database, routes
// it to its team and assigns it by capacity (or queues it) in one transaction, and writes its outbox
// events. One inquiry process, then two replicas on the same database (clients split round-robin),
// which is where the agents' row-level capacity claims meet. Every level starts from a fresh database
// with the same desk of agents (so every level fills the same slots), and ends with a check, in SQL,
// that no agent holds more than its capacity and that open_count matches its ASSIGNED conversations.
import { AgentsServiceService } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { dbUrl, drainOutbox, loadAverage, log, pendingOutbox, sleep, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith, describeLevel, latencyStats } from './support/closed-loop.mjs';
import { AGENTS, expectedTeam, firstMessage, registerDesk } from './support/inquiry.fixture.mjs';
import { startService } from './support/processes.util.mjs';

export const DATABASE = 'cs_bench_inquiry';
const url = dbUrl(DATABASE);
const { CONVERSATION_STATUS_ASSIGNED: ASSIGNED, CONVERSATION_STATUS_QUEUED: QUEUED } = ConversationStatus;

// BENCH_INQUIRY_SCHEDULER_POLL_MS: the replicas' FrontLineScheduler poll (SLA sweep, auto-close, queue
// drain); unset = the service's default (5 s), as production runs it.
const schedulerEnv = process.env.BENCH_INQUIRY_SCHEDULER_POLL_MS
  ? { INQUIRY_SCHEDULER_POLL_MS: process.env.BENCH_INQUIRY_SCHEDULER_POLL_MS }
  : {};

/** A fresh database and `replicas` inquiry processes on it; the first migrates it before the others start. */
async function startReplicas(replicas, subjectPrefix) {
  await dropBenchDatabases([DATABASE]);
  const services = [];
  for (let r = 1; r <= replicas; r++) {
    services.push(
      await startService('inquiry', {
        databaseUrl: url,
        subjectPrefix,
        name: replicas > 1 ? `inquiry-${r}` : 'inquiry',
        // Ingest never calls the order desk; the address only has to be valid.
        env: { ORDERS_GRPC_ADDRESS: '127.0.0.1:9', ...schedulerEnv },
      }),
    );
  }
  return services;
}

/**
 * What the database says after the level: per agent, open_count against capacity and against the
 * conversations ASSIGNED to it; conversations by status against the calls that succeeded.
 */
async function checkDesk(succeeded) {
  const agents = await sql(
    url,
    `select a.id, a.capacity, a.open_count,
            count(c.id) filter (where c.status = $1)::int as assigned
       from agents a left join conversations c on c.assignee_id = a.id
      group by a.id order by a.id`,
    [ASSIGNED],
  );
  const [totals] = await sql(
    url,
    `select count(*)::int as conversations,
            count(*) filter (where status = $1)::int as assigned,
            count(*) filter (where status = $2)::int as queued,
            count(*) filter (where status = $1 and assignee_id not in (select id from agents))::int as orphans
       from conversations`,
    [ASSIGNED, QUEUED],
  );
  const overfilled = agents.filter((a) => a.open_count > a.capacity);
  const mismatched = agents.filter((a) => a.open_count !== a.assigned);
  return {
    // No agent over capacity, every open_count matching its ASSIGNED conversations, every agent there.
    ok: !overfilled.length && !mismatched.length && !totals.orphans && agents.length === AGENTS.length,
    agents: agents.length,
    overfilled: overfilled.map((a) => `${a.id} ${a.open_count}/${a.capacity}`),
    mismatched: mismatched.map((a) => `${a.id} open_count ${a.open_count} ≠ ${a.assigned} assigned`),
    ...totals,
    succeeded,
  };
}

async function level({ clients, replicas, warmupS, durationS, subjectPrefix }) {
  const services = await startReplicas(replicas, subjectPrefix);
  // One channel per replica (one HTTP/2 connection each); client k sends to replica k mod replicas.
  // The channel connector (service role) brings messages in; a manager who is also the platform admin sets up the desk.
  const connector = bearerFor({ roles: ['service'], agentId: 'service:im-connector' });
  const channels = services.map((s) =>
    createGrpcClient(ConversationsServiceService, s.grpcAddress, { bearer: connector }),
  );
  const agents = createGrpcClient(AgentsServiceService, services[0].grpcAddress, {
    bearer: bearerFor({ roles: ['platform-admin', 'manager'], agentId: 'bench-manager', name: '经理' }),
  });
  try {
    await registerDesk(agents);
    const run = `${subjectPrefix}-${replicas}x${clients}`;
    const result = await closedLoop({
      clients,
      warmupS,
      durationS,
      cpuGroups: cpuGroupsWith(Object.fromEntries(services.map((s) => [s.name, s.pid]))),
      call: async (n, client) => {
        const { conversation, opened } = await channels[client % channels.length].ingestMessage(firstMessage(run, n));
        return { status: conversation.status, opened, misrouted: conversation.team !== expectedTeam(n) };
      },
    });
    if (result.failed > (result.succeeded + result.failed) / 100)
      throw new Error(
        `${result.failed} of ${result.succeeded + result.failed} IngestMessage calls failed, e.g. ${result.firstError?.stack ?? result.firstError}`,
      );
    const backlog = await pendingOutbox(url);
    await drainOutbox(url);
    const values = (status) => result.measured.filter((m) => m.value.status === status).map((m) => m.ms);
    return {
      ...result,
      replicas,
      backlog,
      assigned: latencyStats(values(ASSIGNED)),
      queued: latencyStats(values(QUEUED)),
      notOpened: result.measured.filter((m) => !m.value.opened).length,
      misrouted: result.measured.filter((m) => m.value.misrouted).length,
      check: await checkDesk(result.succeeded),
    };
  } finally {
    for (const channel of channels) channel.close();
    agents.close();
    await Promise.all(services.map((s) => s.stop()));
  }
}

/** Runs every client count of `levels` on one process, then every one of `replicaLevels` on two. */
export async function runInquiryIngest({ subjectPrefix, levels, replicaLevels, warmupS, durationS }) {
  const plan = [...levels.map((clients) => [1, clients]), ...replicaLevels.map((clients) => [2, clients])];
  const results = [];
  for (const [replicas, clients] of plan) {
    log(
      `IngestMessage gRPC: ${replicas} inquiry process(es), ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
    );
    const result = await level({ clients, replicas, warmupS, durationS, subjectPrefix });
    const { check } = result;
    log(`  ${describeLevel(result)}; in the window ${result.assigned.count} assigned, ${result.queued.count} queued`);
    if (check.ok)
      log(
        `  desk check: ${check.agents} agents, none over capacity, open_count = ASSIGNED conversations for each; ${check.conversations} conversations for ${check.succeeded} successful calls`,
      );
    else
      log(
        `  !!! DESK CHECK FAILED: ${check.overfilled.length} agent(s) OVER CAPACITY [${check.overfilled.join(', ')}]; ` +
          `${check.mismatched.length} open_count mismatch(es) [${check.mismatched.join(', ')}]; ${check.orphans} orphaned assignments; ${check.agents} agents`,
      );
    results.push(result);
    await sleep(1000);
  }
  await dropBenchDatabases([DATABASE]);
  return results;
}

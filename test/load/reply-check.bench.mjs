// The reply check's cost on sending a reply (issue 13: the check adds < 5 ms).
//   knowledge:        a built knowledge process (serves CheckReply: in memory, no database on the way);
//   inquiry checked:  a built inquiry process with INQUIRY_REPLY_CHECK=refuse calling that knowledge;
//   inquiry plain:    a built inquiry process with INQUIRY_REPLY_CHECK=off (everything else the same).
// Closed-loop clients send ReplyToCustomer (a polite reply, so the check passes and the reply is written)
// to conversations opened first through IngestMessage; the checked minus the plain latency is what the
// check adds. Also measured: CheckReply straight over gRPC, and the rule itself in this process.
import { randomUUID } from 'node:crypto';
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService, IngestMessageRequest } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { RepliesServiceService } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { dbUrl, fmt, log, markdownTable, percentile, repoRoot } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith, describeLevel, latencyStats } from './support/closed-loop.mjs';
import { describeCpu } from './support/cpu.sampler.mjs';
import { startService } from './support/processes.util.mjs';

export const KNOWLEDGE_DB = 'cs_bench_reply_knowledge';
export const CHECKED_DB = 'cs_bench_reply_inquiry_checked';
export const PLAIN_DB = 'cs_bench_reply_inquiry_plain';
const CONVERSATIONS = 40;
const REPLY = '亲，您好，这款马克杯现在有货，今天下单明天就能发出哦，请问还有什么可以帮您？';
const manager = { roles: ['manager'], agentId: 'bench-manager', name: '王经理' };
const connector = { roles: ['service'], agentId: 'service:im-connector' };
const inquiryService = { roles: ['service'], agentId: 'service:inquiry' };

async function openConversations(grpcAddress) {
  const intake = createGrpcClient(ConversationsServiceService, grpcAddress, { bearer: bearerFor(connector) });
  try {
    const ids = [];
    for (let n = 0; n < CONVERSATIONS; n++) {
      const { conversation } = await intake.ingestMessage(
        IngestMessageRequest.fromJSON({
          channel: Channel.CHANNEL_MARKETPLACE_IM,
          channelMessageId: randomUUID(),
          customer: { customerId: `bench-reply-${n}-${randomUUID().slice(0, 6)}`, displayName: `顾客${n}` },
          body: '你好，在吗？',
        }),
      );
      ids.push(conversation.conversationId);
    }
    return ids;
  } finally {
    intake.close();
  }
}

/**
 * Paired closed loops: each client sends the same reply to the plain and to the checked inquiry, in a
 * random order, one after the other; the pair's difference is what the check added for that reply.
 * Pairing cancels most of the drift a shared machine causes between two separate runs.
 */
async function pairedReplies(plain, checked, clients, warmupS, durationS) {
  const callerOf = (inquiry) =>
    createGrpcClient(ConversationsServiceService, inquiry.grpcAddress, { bearer: bearerFor(manager) });
  const sides = [
    { name: 'off', client: callerOf(plain.process), conversations: plain.conversations },
    { name: 'on', client: callerOf(checked.process), conversations: checked.conversations },
  ];
  const pairs = [];
  let errors = 0;
  let firstError;
  let n = 0;
  const measureFrom = performance.now() + warmupS * 1000;
  const measureTo = measureFrom + durationS * 1000;
  const send = async (side, i) => {
    const started = performance.now();
    await side.client.replyToCustomer({
      conversationId: side.conversations[i % side.conversations.length],
      body: REPLY,
      attachments: [],
      awaitingCustomer: false,
    });
    return { started, ms: performance.now() - started };
  };
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < measureTo) {
          const i = n++;
          const order = Math.random() < 0.5 ? [0, 1] : [1, 0];
          try {
            const first = await send(sides[order[0]], i);
            const second = await send(sides[order[1]], i);
            const [off, on] = order[0] === 0 ? [first, second] : [second, first];
            if (Math.min(off.started, on.started) >= measureFrom && performance.now() <= measureTo)
              pairs.push({ off: off.ms, on: on.ms });
          } catch (error) {
            errors++;
            firstError ??= error;
          }
        }
      }),
    );
  } finally {
    for (const side of sides) side.client.close();
  }
  const stat = (values) => latencyStats(values);
  const differences = [...pairs.map((p) => p.on - p.off)].sort((a, b) => a - b);
  return {
    clients,
    pairs: pairs.length,
    errors,
    off: stat(pairs.map((p) => p.off)),
    on: stat(pairs.map((p) => p.on)),
    added: { p50: percentile(differences, 50), p90: percentile(differences, 90) },
    firstError: firstError && `${firstError.code ?? ''} ${firstError.details ?? firstError.message}`,
  };
}

async function checkLoad(knowledge, clients, warmupS, durationS, cpuGroups) {
  const client = createGrpcClient(RepliesServiceService, knowledge.grpcAddress, { bearer: bearerFor(inquiryService) });
  try {
    return await closedLoop({ clients, warmupS, durationS, cpuGroups, call: () => client.checkReply({ text: REPLY }) });
  } finally {
    client.close();
  }
}

/** The rule alone, in this process: microseconds per check of the benchmark's reply and of one with two violations. */
async function ruleCost() {
  const { checkReply, DEFAULT_FORBIDDEN_TERMS } = await import(
    `${repoRoot}services/knowledge/dist/domain/reply-check.rule.js`
  );
  const measure = (text) => {
    for (let i = 0; i < 20_000; i++) checkReply(text, DEFAULT_FORBIDDEN_TERMS);
    const rounds = 200_000;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) checkReply(text, DEFAULT_FORBIDDEN_TERMS);
    return ((performance.now() - started) * 1000) / rounds;
  };
  return { clean: measure(REPLY), flagged: measure('亲，我不能给您改价，但是这款是最好的') };
}

export async function runReplyCheck({ subjectPrefix, levels, warmupS, durationS }) {
  await dropBenchDatabases([KNOWLEDGE_DB, CHECKED_DB, PLAIN_DB]);
  const knowledge = await startService('knowledge', { databaseUrl: dbUrl(KNOWLEDGE_DB), subjectPrefix });
  const checked = await startService('inquiry', {
    name: 'inquiry-checked',
    databaseUrl: dbUrl(CHECKED_DB),
    subjectPrefix,
    env: { KNOWLEDGE_GRPC_ADDRESS: knowledge.grpcAddress, INQUIRY_REPLY_CHECK: 'refuse' },
  });
  const plain = await startService('inquiry', {
    name: 'inquiry-plain',
    databaseUrl: dbUrl(PLAIN_DB),
    subjectPrefix: `${subjectPrefix}p`,
    env: { INQUIRY_REPLY_CHECK: 'off' },
  });
  try {
    const plainSide = { process: plain, conversations: await openConversations(plain.grpcAddress) };
    const checkedSide = { process: checked, conversations: await openConversations(checked.grpcAddress) };
    const groups = cpuGroupsWith({ knowledge: { pid: knowledge.pid } });
    const results = [];
    for (const clients of levels) {
      log(`reply check: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s`);
      const replies = await pairedReplies(plainSide, checkedSide, clients, warmupS, durationS);
      if (replies.firstError) log(`  first error: ${replies.firstError}`);
      log(
        `  ${replies.pairs} pairs: off p50 ${fmt(replies.off.p50, 2)} ms, on p50 ${fmt(replies.on.p50, 2)} ms, added p50 ${fmt(replies.added.p50, 2)} ms`,
      );
      const rpc = await checkLoad(knowledge, clients, warmupS, durationS, groups);
      log(`  CheckReply: ${describeLevel(rpc)}`);
      results.push({ clients, replies, rpc });
    }
    return { results, rule: await ruleCost() };
  } finally {
    await Promise.all([knowledge.stop(), checked.stop(), plain.stop()]);
    await dropBenchDatabases([KNOWLEDGE_DB, CHECKED_DB, PLAIN_DB]);
  }
}

export function replyCheckSection({ results, rule }, environment) {
  const table = markdownTable(
    [
      'clients',
      'pairs',
      'reply, check off p50 / p99 (ms)',
      'reply, check on p50 / p99 (ms)',
      'added by the check, per pair p50 / p90 (ms)',
      'CheckReply alone p50 / p99 (ms)',
      'errors',
    ],
    results.map(({ clients, replies, rpc }) => [
      clients,
      replies.pairs,
      `${fmt(replies.off.p50, 2)} / ${fmt(replies.off.p99, 2)}`,
      `${fmt(replies.on.p50, 2)} / ${fmt(replies.on.p99, 2)}`,
      `${fmt(replies.added.p50, 2)} / ${fmt(replies.added.p90, 2)}`,
      `${fmt(rpc.p50, 2)} / ${fmt(rpc.p99, 2)}`,
      `${replies.errors} / ${Object.values(rpc.errors).reduce((a, b) => a + b, 0)}`,
    ]),
  );
  return `## Reply check: what it adds to sending a reply

${environment}

${table}

- The rule alone (this process, \`checkReply\` with the default forbidden list): ${fmt(rule.clean, 2)} µs for the benchmark's 37-character polite reply, ${fmt(rule.flagged, 2)} µs for a reply with three violations.
- **Reply**: ReplyToCustomer over gRPC as a manager, a polite reply to one of ${CONVERSATIONS} conversations round robin; *check off* = an inquiry process with \`INQUIRY_REPLY_CHECK=off\`, *check on* = an identical one (own database) with \`refuse\` calling the knowledge process with the default 50 ms deadline. Each client sends every reply to both, in a random order, one after the other; *added* = on − off within a pair, its median and 90th percentile (pairing cancels the drift between separate runs on a shared machine).
- **CheckReply alone**: the knowledge process's RPC straight from this process, as inquiry's client sends it (service token). CPU meanwhile: ${results.map((r) => `${r.clients} client(s): ${describeCpu(r.rpc.cpu)}`).join('; ')}. On a shared 2-core machine, read the 1-client row: with more clients the machine itself is the queue.
- Knowledge unreachable: the reply is sent unchecked after at most \`INQUIRY_REPLY_CHECK_DEADLINE_MS\` (default 50 ms); a refused port fails at once (services/inquiry/test/integration/knowledge-wiring.test.ts).
`;
}

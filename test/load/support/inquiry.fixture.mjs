// The front line's benchmark desk: agents per team, and first messages of new customers whose words
// hit the seeded classification rules (services/inquiry/src/migrations/default-rules.ts).
import { randomUUID } from 'node:crypto';
import { AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { IngestMessageRequest } from '@cs/contracts/cs/inquiry/v1/conversations_service';

// Agents online for every level, and how many conversations each may hold (the API allows 0..100).
export const AGENT_CAPACITY = Number(process.env.BENCH_AGENT_CAPACITY ?? 15);

/**
 * Team → [agents, messages of that class], roughly the same share of agents as of messages, so
 * the teams fill up at about the same time. 50 agents; general takes what no rule matches (OTHER).
 */
const DESK = {
  'pre-sales': [
    15,
    ['请问这款红色马克杯还有货吗？', '现在下单有优惠吗？包邮吗？', '这个杯子多少钱？发货时间是什么时候？'],
  ],
  tracking: [10, ['我的快递到哪了？', '物流三天没更新了，帮我查件', '下单一周了还没到']],
  'order-change': [8, ['地址写错了，想改地址', '能帮我改颜色吗？要蓝色的', '麻烦开一下发票']],
  'after-sales': [8, ['收到的杯子破损了，我要退款', '尺码不合适，想退货', '用了两天就坏了，能换货吗']],
  complaints: [4, ['你们的服务太差劲了，我要投诉', '再不处理我就打12315举报']],
  general: [5, ['你好，在吗？', '我想咨询一个问题']],
};

export const AGENTS = Object.entries(DESK).flatMap(([team, [count]]) =>
  Array.from({ length: count }, (_, i) => ({
    agentId: `bench-${team}-${i + 1}`,
    name: `${team} ${i + 1}号`,
    teams: [team],
    role: AgentRole.AGENT_ROLE_AGENT,
    capacity: AGENT_CAPACITY,
  })),
);

/** Request n's words and the team they should reach: the teams in turn, by their share of agents. */
const MIX = Object.entries(DESK).flatMap(([team, [count, texts]]) =>
  Array.from({ length: count }, (_, i) => ({ team, body: texts[i % texts.length] })),
);

export const teamsOfDesk = () => Object.entries(DESK).map(([team, [count]]) => `${team} ${count}`);
export const expectedTeam = (n) => MIX[n % MIX.length].team;

/** Registers the desk's agents (capacity AGENT_CAPACITY) and puts them online, through the API. */
export async function registerDesk(agents) {
  for (const agent of AGENTS) {
    await agents.registerAgent(agent);
    await agents.setPresence({ agentId: agent.agentId, presence: Presence.PRESENCE_ONLINE });
  }
}

/**
 * Request n of a run: a new customer's first message on the marketplace IM, with a fresh channel
 * message id. Built from its JSON form, so the fields left out (priority, order, sent_at) get their
 * defaults, also those the contracts add later.
 */
export const firstMessage = (run, n) =>
  IngestMessageRequest.fromJSON({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    channelMessageId: randomUUID(),
    customer: { customerId: `bench-${run}-${n}`, displayName: `顾客${n}` },
    body: MIX[n % MIX.length].body,
  });

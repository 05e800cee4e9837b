import { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { ReplyViolation } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { ReplyViolationKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { authAs } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RepliesHarness, startKnowledge } from '../../../knowledge/test/integration/replies-fixture.js';
import { ReplyCheckStore } from '../../src/infrastructure/reply-check.store.js';
import { frontLine, type InquiryHarness, startInquiry, supervisor } from './inquiry-fixture.js';

let knowledge: RepliesHarness;
let h: InquiryHarness;
const agent = frontLine('rc-agent', '张三');
let conversationId: string;

const negative = (phrase: string): ReplyViolation => ({
  kind: ReplyViolationKind.REPLY_VIOLATION_KIND_NEGATIVE_WORDING,
  phrase,
  start: 0,
  length: phrase.length,
  alternative: '…',
});

/** Checks as the reply-check gate records them (the same store), at chosen times. */
async function recorded(
  agentId: string,
  conversation: string,
  outcome: ReplyCheckOutcome,
  phrases: string[],
  at = new Date(),
) {
  await h.sut.service.orm.em.fork().transactional((em) =>
    new ReplyCheckStore().record(em, {
      conversationId: conversation,
      agentId,
      outcome,
      violations: phrases.map(negative),
      at,
    }),
  );
}

beforeAll(async () => {
  knowledge = await startKnowledge();
  h = await startInquiry({
    KNOWLEDGE_GRPC_ADDRESS: knowledge.sut.service.grpcAddress,
    INQUIRY_REPLY_CHECK_DEADLINE_MS: '2000',
    INQUIRY_REPLY_CHECK: 'refuse',
  });
  await h.agentOnline('rc-agent', ['general', 'pre-sales'], 100);
  const { conversation } = await h.ingest('这个能便宜点吗');
  conversationId = conversation!.conversationId;
  // One real refusal through knowledge's reply check; the other outcomes as the gate records them.
  const refused = await h
    .as(agent)
    .conversations.replyToCustomer({
      conversationId,
      body: '亲，我不能给您便宜',
      attachments: [],
      awaitingCustomer: false,
    })
    .catch((e) => e);
  expect(refused.code).toBe(status.FAILED_PRECONDITION);
  const W = ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED;
  await recorded('rc-agent', conversationId, W, ['但是', '但是']);
  await recorded('rc-agent', conversationId, W, ['但是', '我不能']);
  await recorded('rc-agent', conversationId, ReplyCheckOutcome.REPLY_CHECK_OUTCOME_UNCHECKED, []);
  await recorded('rc-other', 'elsewhere', ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED, ['我不会']);
  // Before the report's period: counted in neither the report nor (another conversation) the CSV.
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  await recorded('rc-old', 'long-ago', ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED, ['我不能'], twoDaysAgo);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await knowledge?.close();
});

const from = () => new Date(Date.now() - 3_600_000);
const to = () => new Date(Date.now() + 60_000);
const ts = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000), nanos: 0 });

describe("the agent's report: recorded reply checks per agent", () => {
  it('counts refused, sent with a warning and sent unchecked per agent, with the phrases used most', async () => {
    const report = await h.as(supervisor('sup-rc', '刘主管')).reports.getReport({ from: ts(from()), to: ts(to()) });
    expect(report.replyChecks).toEqual([
      {
        agentId: 'rc-agent',
        checksRecorded: 4,
        repliesRefused: 1,
        repliesSentWithWarning: 2,
        repliesSentUnchecked: 1,
        topViolatedPhrases: [
          { phrase: '但是', count: 3 },
          { phrase: '我不能', count: 2 },
        ],
      },
      {
        agentId: 'rc-other',
        checksRecorded: 1,
        repliesRefused: 1,
        repliesSentWithWarning: 0,
        repliesSentUnchecked: 0,
        topViolatedPhrases: [{ phrase: '我不会', count: 1 }],
      },
    ]);
  });

  it('only checks recorded in [from, to) count: an earlier period holds only the old one', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const report = await h.reports.getReport({ from: ts(threeDaysAgo), to: ts(from()) });
    expect(report.replyChecks.map((r) => [r.agentId, r.repliesRefused])).toEqual([['rc-old', 1]]);
  });

  it("the CSV row of the conversation carries its checks; other conversations' are zero", async () => {
    const { conversation: other } = await h.ingest('在吗');
    const url = `${h.sut.service.httpUrl}/reports/conversations.csv?from=${from().toISOString()}&to=${to().toISOString()}`;
    const csv = await fetch(url, { headers: await authAs(supervisor('sup-rc', '刘主管')) });
    expect(csv.status).toBe(200);
    const [header, ...rows] = (await csv.text())
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    const checksOf = (id: string) => {
      const row = rows.find((r) => r[0] === id)!;
      return ['replies_refused', 'replies_sent_with_warning', 'replies_sent_unchecked'].map((c) => row[column(c)]);
    };
    expect(checksOf(conversationId)).toEqual(['1', '2', '1']);
    expect(checksOf(other!.conversationId)).toEqual(['0', '0', '0']);
    expect(header!.at(-1)).toBe('accountable_agent_id');
  });
});

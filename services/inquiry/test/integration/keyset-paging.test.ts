import { randomUUID } from 'node:crypto';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { richErrorDetails } from '@cs/grpc';
import { expectStableAcrossInsert } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InquiryHarness, startInquiry } from './inquiry-fixture.js';

// Both lists page by keyset: a row that sorts ahead of the cursor, inserted between page 1 and page 2,
// neither repeats nor hides a row.
let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
});
afterAll(() => h?.stop());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const sql = (query: string, params: unknown[]) => h.sut.service.orm.em.fork().execute(query, params);

describe('keyset paging of conversations and handovers', () => {
  it('ListConversations (oldest first): a conversation whose first message is older, arriving between two pages', async () => {
    for (const minutes of [30, 20, 10]) await h.ingest('有货吗', { sentAt: minutesAgo(minutes) });
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.conversations.listConversations({
          status: ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED,
          team: '',
          assigneeId: '',
          page: { pageSize: 2, pageToken },
        });
        return { ids: r.conversations.map((c) => c.conversationId), next: r.page!.nextPageToken };
      },
      () => h.ingest('包邮吗', { sentAt: minutesAgo(60) }),
    );
  });

  it('ListHandovers (newest first): a handover written between two pages; rows within one millisecond stay apart', async () => {
    await h.agentOnline('late-keyset', ['pre-sales'], 2);
    // now() stamps handovers to the microsecond: three rows inside one millisecond must page exactly.
    const insert = (at: string) =>
      sql(
        `insert into handovers (id, from_agent, to_agent_id, note, leftover_issues, conversation_ids,
           rerouted_conversation_ids, created_at)
         values (?, '{"agentId":"early","name":"早班"}', 'late-keyset', '交接', '[]', '[]', '[]', ${at})`,
        [randomUUID()],
      );
    for (const micros of [100, 200, 300]) await insert(`'2026-01-05T08:00:00.123${micros}Z'::timestamptz`);
    await expectStableAcrossInsert(
      async (pageToken) => {
        const r = await h.desk.listHandovers({ toAgentId: 'late-keyset', page: { pageSize: 2, pageToken } });
        return { ids: r.handovers.map((x) => x.handoverId), next: r.page!.nextPageToken };
      },
      () => insert('now()'),
    );
  });

  it('an old offset token is INVALID_ARGUMENT naming page.page_token', async () => {
    const pageToken = Buffer.from('o:2').toString('base64url');
    for (const call of [
      () =>
        h.conversations.listConversations({
          status: ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED,
          team: '',
          assigneeId: '',
          page: { pageSize: 2, pageToken },
        }),
      () => h.desk.listHandovers({ toAgentId: 'late-keyset', page: { pageSize: 2, pageToken } }),
    ]) {
      const error = await call().catch((e) => e);
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['page.page_token']);
    }
  });
});

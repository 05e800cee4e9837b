import { randomUUID } from 'node:crypto';
import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequest, type RepliesHarness, reviewer, startKnowledge } from './replies-fixture.js';

let h: RepliesHarness;
let replyId: string;
beforeAll(async () => {
  h = await startKnowledge();
  replyId = (await h.replies.createStandardReply(createRequest({ shortcode: 'kept' }))).reply!.replyId;
});
afterAll(() => h?.close());

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

/** The one reply made in beforeAll is still the only one: one version, a draft, never published. */
async function nothingWritten(): Promise<void> {
  const rows = await h.sut.service.orm.em
    .fork()
    .execute(
      "select shortcode, jsonb_array_length(history) as versions, history -> 0 ->> 'status' as status, published_version, archived from standard_replies",
    );
  expect(rows).toEqual([
    { shortcode: 'kept', versions: 1, status: 'VERSION_STATUS_DRAFT', published_version: 0, archived: false },
  ]);
  expect((await h.suggestions.listGaps({ status: GapStatus.GAP_STATUS_UNSPECIFIED, page: undefined })).gaps).toEqual(
    [],
  );
}

describe('RepliesService rejects malformed input naming each field, and writes nothing', () => {
  it('CreateStandardReply: kind, shortcode, team, text, idempotency key', async () => {
    expect(
      await rejectedFields(
        h.replies.createStandardReply({
          kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
          shortcode: 'Not A Code',
          team: 'Pre Sales',
          text: '',
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['kind', 'shortcode', 'team', 'text', 'idempotency_key']);
    expect(await rejectedFields(h.replies.createStandardReply(createRequest({ text: '{custmer_name}您好' })))).toEqual([
      'text',
    ]);
    expect(await rejectedFields(h.replies.createStandardReply(createRequest({ text: '好'.repeat(1001) })))).toEqual([
      'text',
    ]);
    await nothingWritten();
  });

  it('ReviseStandardReply: reply id, text, expected version, idempotency key', async () => {
    expect(
      await rejectedFields(
        h.replies.reviseStandardReply({ replyId: 'r-1', text: '', expectedVersion: 0, idempotencyKey: '' }),
      ),
    ).toEqual(['reply_id', 'text', 'expected_version', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.replies.reviseStandardReply({ replyId, text: '{oops}', expectedVersion: 1, idempotencyKey: randomUUID() }),
      ),
    ).toEqual(['text']);
    await nothingWritten();
  });

  it('SubmitStandardReplyForReview: reply id, version, idempotency key', async () => {
    expect(
      await rejectedFields(h.replies.submitStandardReplyForReview({ replyId: 'r-1', version: 0, idempotencyKey: '' })),
    ).toEqual(['reply_id', 'version', 'idempotency_key']);
    expect(
      await rejectedFields(
        h.replies.submitStandardReplyForReview({ replyId, version: -1, idempotencyKey: randomUUID() }),
      ),
    ).toEqual(['version']);
    await nothingWritten();
  });

  it('ApproveStandardReply: reply id, version, note, idempotency key', async () => {
    const asReviewer = h.as(reviewer).replies;
    expect(
      await rejectedFields(
        asReviewer.approveStandardReply({ replyId: '', version: 0, note: '好'.repeat(501), idempotencyKey: '' }),
      ),
    ).toEqual(['reply_id', 'version', 'note', 'idempotency_key']);
    expect(
      await rejectedFields(
        asReviewer.approveStandardReply({ replyId, version: 1, note: '', idempotencyKey: 'k'.repeat(129) }),
      ),
    ).toEqual(['idempotency_key']);
    await nothingWritten();
  });

  it('RejectStandardReply: reply id, version, reason, idempotency key', async () => {
    const asReviewer = h.as(reviewer).replies;
    expect(
      await rejectedFields(
        asReviewer.rejectStandardReply({ replyId: 'nope', version: 0, reason: '', idempotencyKey: '' }),
      ),
    ).toEqual(['reply_id', 'version', 'reason', 'idempotency_key']);
    expect(
      await rejectedFields(
        asReviewer.rejectStandardReply({ replyId, version: 1, reason: '改'.repeat(501), idempotencyKey: randomUUID() }),
      ),
    ).toEqual(['reason']);
    await nothingWritten();
  });

  it('ArchiveStandardReply: reply id, idempotency key', async () => {
    expect(await rejectedFields(h.replies.archiveStandardReply({ replyId: 'x', idempotencyKey: '' }))).toEqual([
      'reply_id',
      'idempotency_key',
    ]);
    await nothingWritten();
  });

  it('GetStandardReply: reply id', async () => {
    expect(await rejectedFields(h.replies.getStandardReply({ replyId: '' }))).toEqual(['reply_id']);
    expect(await rejectedFields(h.replies.getStandardReply({ replyId: 'not-a-uuid' }))).toEqual(['reply_id']);
  });

  it('ListStandardReplies: team, kind', async () => {
    expect(
      await rejectedFields(
        h.replies.listStandardReplies({
          team: 'A Team',
          kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
          inReviewOnly: true,
        }),
      ),
    ).toEqual(['team']);
    // An unknown kind cannot be encoded by a gRPC client; over HTTP it is refused.
    const reply = await h.http('/cs.knowledge.v1.RepliesService/ListStandardReplies', {
      kind: 'STANDARD_REPLY_KIND_SHOUTING',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('RenderStandardReply: shortcode, team, values', async () => {
    expect(
      await rejectedFields(
        h.replies.renderStandardReply({ shortcode: '', team: 'A Team', values: { order_id: '1'.repeat(201) } }),
      ),
    ).toEqual(['shortcode', 'team', 'values.order_id']);
  });

  it('CheckReply: text', async () => {
    expect(await rejectedFields(h.replies.checkReply({ text: ' ' }))).toEqual(['text']);
    expect(await rejectedFields(h.replies.checkReply({ text: '好'.repeat(5001) }))).toEqual(['text']);
  });
});

describe('SuggestionsService rejects malformed input naming each field, and writes nothing', () => {
  it('Suggest: text, team, locale', async () => {
    expect(await rejectedFields(h.suggestions.suggest({ text: '', team: 'A Team', locale: 'fr' }))).toEqual([
      'text',
      'team',
      'locale',
    ]);
    await nothingWritten();
  });

  it('ListGaps: status, page', async () => {
    expect(
      await rejectedFields(
        h.suggestions.listGaps({
          status: GapStatus.GAP_STATUS_UNSPECIFIED,
          page: { pageSize: 500, pageToken: Buffer.from('not-a-number').toString('base64url') },
        }),
      ),
    ).toEqual(['page.page_size', 'page.page_token']);
    const reply = await h.http('/cs.knowledge.v1.SuggestionsService/ListGaps', { status: 'GAP_STATUS_LOST' });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('GetGap: gap id', async () => {
    expect(await rejectedFields(h.suggestions.getGap({ gapId: '' }))).toEqual(['gap_id']);
    expect(await rejectedFields(h.suggestions.getGap({ gapId: 'gap-1' }))).toEqual(['gap_id']);
  });

  it('DraftFaqFromGap: gap id, body, locale, idempotency key', async () => {
    expect(
      await rejectedFields(
        h.suggestions.draftFaqFromGap({
          gapId: 'x',
          title: '',
          body: '',
          locale: 'fr',
          category: '',
          idempotencyKey: '',
        }),
      ),
    ).toEqual(['gap_id', 'body', 'locale', 'idempotency_key']);
    await nothingWritten();
  });
});

describe('malformed HTTP requests get 400 naming the field', () => {
  it('a body that is not JSON', async () => {
    const reply = await h.http('/cs.knowledge.v1.RepliesService/CreateStandardReply', '{"kind": ');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('missing fields, with their proto names', async () => {
    const reply = await h.http('/cs.knowledge.v1.RepliesService/CreateStandardReply', {
      kind: 'STANDARD_REPLY_KIND_THANKS',
      shortcode: 'ty',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['text', 'idempotency_key']);
    const gaps = await h.http('/cs.knowledge.v1.SuggestionsService/GetGap', {});
    expect(gaps.status).toBe(400);
    expect(gaps.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['gap_id']);
    await nothingWritten();
  });
});

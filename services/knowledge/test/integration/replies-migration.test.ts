import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findLiveByShortcode, loadStandardReply } from '../../src/infrastructure/standard-reply.repository.js';
import { knowledgeService } from '../../src/knowledge.service.js';
import { knowledgeMigrations } from '../../src/migrations/index.js';

const REPLY_ID = '00000000-0000-4000-8000-00000000a001';
const editor = { agentId: 'editor-1', name: '编辑甲' };

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'knowledge_replies_migration');
});
afterAll(() => db?.drop());

describe('migration 0004: standard replies written before the review flow', () => {
  it('keep their newest version live (published), earlier ones superseded, so agents keep the text they had', async () => {
    const upTo = knowledgeMigrations.findIndex((m) => m.name === '0004-reviewed-standard-replies');
    expect(upTo).toBeGreaterThan(0);
    const before = await openDatabase({ url: db.url, entities: [], migrations: knowledgeMigrations.slice(0, upTo) });
    await migrate(before);
    // The row as ReviseStandardReply left it: every edit published at once, the newest in `text`.
    const history = [
      { version: 1, text: '您好', author: editor, writtenAt: '2026-11-01T02:00:00.000Z' },
      { version: 2, text: '{customer_name}您好', author: editor, writtenAt: '2026-11-02T02:00:00.000Z' },
    ];
    await before.em.fork().execute(
      `insert into standard_replies (id, kind, shortcode, team, text, history, updated_at, version)
         values (?, 'STANDARD_REPLY_KIND_GREETING', 'hi', 'pre-sales', '{customer_name}您好', ?, now(), 3)`,
      [REPLY_ID, JSON.stringify(history)],
    );
    await before.close();

    const after = await openDatabase({
      url: db.url,
      entities: knowledgeService.entities,
      migrations: knowledgeMigrations,
    });
    try {
      expect(await migrate(after)).toEqual(['0004-reviewed-standard-replies']);
      const reply = await loadStandardReply(after.em.fork(), REPLY_ID);
      expect([reply.publishedVersion, reply.text, reply.archived, reply.isLive()]).toEqual([
        2,
        '{customer_name}您好',
        false,
        true,
      ]);
      expect(reply.history.map((v) => [v.version, v.status, v.text])).toEqual([
        [1, VersionStatus.VERSION_STATUS_SUPERSEDED, '您好'],
        [2, VersionStatus.VERSION_STATUS_PUBLISHED, '{customer_name}您好'],
      ]);
      expect(reply.published()?.publishAt).toBe('2026-11-02T02:00:00.000Z');
      expect((await findLiveByShortcode(after.em.fork(), 'pre-sales', 'hi'))?.id).toBe(REPLY_ID);
      // The next edit is a draft beside the live version, as for any reply.
      reply.revise('{customer_name}您好！', 2, editor, new Date());
      expect([reply.latest().status, reply.publishedVersion]).toEqual([VersionStatus.VERSION_STATUS_DRAFT, 2]);
    } finally {
      await after.close();
    }
  });
});

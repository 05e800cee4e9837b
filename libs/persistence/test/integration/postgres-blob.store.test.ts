import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, openDatabase } from '../../src/orm.js';
import { blobTableSql, PostgresBlobStore } from '../../src/postgres-blob.store.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'blob_store');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await orm.em.fork().execute(blobTableSql('evidence_objects'));
  await orm.em.fork().execute(blobTableSql('other_files'));
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('PostgresBlobStore', () => {
  it('gives back the bytes and content type it stored, from its own table only', async () => {
    const evidence = new PostgresBlobStore('evidence_objects');
    const content = new Uint8Array([0xff, 0xd8, 0x00, 0x01]);
    await evidence.put(orm.em.fork(), 'cases/1/evidence/a', { contentType: 'image/jpeg', content });
    expect(await evidence.get(orm.em.fork(), 'cases/1/evidence/a')).toEqual({ contentType: 'image/jpeg', content });
    expect(await new PostgresBlobStore('other_files').get(orm.em.fork(), 'cases/1/evidence/a')).toBeUndefined();
    expect(await evidence.get(orm.em.fork(), 'cases/1/evidence/missing')).toBeUndefined();
  });

  it('writes inside the caller transaction: a rolled-back write leaves nothing', async () => {
    const store = new PostgresBlobStore('evidence_objects');
    const blob = { contentType: 'image/png', content: new Uint8Array([1, 2, 3]) };
    await expect(
      orm.em.fork().transactional(async (em) => {
        await store.put(em, 'rolled-back', blob);
        throw new Error('the case write failed');
      }),
    ).rejects.toThrow('the case write failed');
    expect(await store.get(orm.em.fork(), 'rolled-back')).toBeUndefined();
  });

  it('refuses a table name that is not a plain identifier', () => {
    expect(() => new PostgresBlobStore('evidence; drop table x')).toThrow(/not a plain table name/);
  });
});

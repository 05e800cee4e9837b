import { randomBytes } from 'node:crypto';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import { maskPersonalData } from '@cs/telemetry';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { earlierOutcome, IdempotencyStore, idempotencyKeysTableSql, runIdempotent } from '../../src/idempotency.js';
import { migrate, openDatabase } from '../../src/orm.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'idempotency');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await orm.em.fork().execute(idempotencyKeysTableSql);
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

// What an address change answers: the order with the customer's name, phone and new street.
const changedOrder = (orderId: string) => ({
  order: {
    orderId,
    version: 3,
    customer: { customerId: 'buyer-1', displayName: '李四' },
    address: { recipientName: '李四', phone: '13800001111', city: '杭州市', street: '文三路1号' },
    remarks: [{ text: '客户要求改地址，已修改妥当---2026.03.01 张三' }],
  },
});
const request = (orderId: string, idempotencyKey: string) => ({
  orderId,
  newAddress: { recipientName: '李四', phone: '13800001111', street: '文三路1号' },
  idempotencyKey,
});
const rowsOf = (operation: string) =>
  orm.em.fork().execute<Record<string, unknown>[]>('select * from idempotency_keys where operation = ?', [operation]);

describe('idempotency outcomes hold no personal data in clear', () => {
  it('stores the outcome sealed with a masked copy; a retry still gets the first outcome exactly', async () => {
    let runs = 0;
    const work = async () => {
      runs += 1;
      return { response: changedOrder('TB1') };
    };
    const first = await runIdempotent(orm, 'ChangeAddress', request('TB1', 'key-1'), work);
    const again = await runIdempotent(orm, 'ChangeAddress', request('TB1', 'key-1'), work);
    expect(again).toEqual(first);
    expect(first).toEqual(changedOrder('TB1'));
    expect(runs).toBe(1);
    expect(await earlierOutcome(orm, 'ChangeAddress', request('TB1', 'key-1'))).toEqual(first);

    const rows = await rowsOf('ChangeAddress');
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toMatch(/13800001111|文三路|李四|key-1/);
    expect(rows[0]).toMatchObject({
      key: expect.stringMatching(/^sha256:[\da-f]{64}$/),
      fingerprint: expect.stringMatching(/^sha256:[\da-f]{64}$/),
      outcome: {
        sealed: expect.objectContaining({ v: 2 }),
        masked: {
          response: {
            order: {
              orderId: 'TB1',
              address: { recipientName: '[text]', phone: '[text]', city: '[text]', street: '[text]' },
              customer: { customerId: 'buyer-1', displayName: '[text]' },
              remarks: '[1 item]',
            },
          },
        },
      },
    });
  });

  it('refuses the same key for a different request, and a refusal is thrown again on retry', async () => {
    await runIdempotent(orm, 'ChangeAddress', request('TB2', 'key-2'), async () => ({ response: changedOrder('TB2') }));
    await expect(
      runIdempotent(orm, 'ChangeAddress', request('TB-other', 'key-2'), async () => ({ response: {} })),
    ).rejects.toBeInstanceOf(InvalidArgument);

    const refuse = async () => ({ error: { rule: 'order-desk.shipped', message: '已发货 13800001111' } });
    const refused = await runIdempotent(orm, 'CancelOrder', request('TB3', 'key-3'), refuse).catch((e) => e);
    expect(refused).toBeInstanceOf(RuleViolation);
    const retried = await runIdempotent(orm, 'CancelOrder', request('TB3', 'key-3'), refuse).catch((e) => e);
    expect(retried).toMatchObject({ rule: 'order-desk.shipped', message: '已发货 13800001111' });
    expect(JSON.stringify(await rowsOf('CancelOrder'))).not.toContain('13800001111');
  });

  it('still honours a row written before outcomes were sealed', async () => {
    const legacy = request('TB5', 'legacy-key');
    const fingerprint = IdempotencyStore.fingerprint({ ...legacy, idempotencyKey: undefined });
    await orm.em
      .fork()
      .execute('insert into idempotency_keys (operation, key, fingerprint, outcome) values (?, ?, ?, ?)', [
        'ChangeAddress',
        'legacy-key',
        fingerprint,
        JSON.stringify({ response: changedOrder('TB5') }),
      ]);
    const answer = await runIdempotent(orm, 'ChangeAddress', legacy, async () => ({ response: 'ran again' }));
    expect(answer).toEqual(changedOrder('TB5'));
  });
});

describe('an erasure retires the stored outcomes that name the customer', () => {
  it('a retry is then refused with privacy.customer-erased and not run again; other customers replay as before', async () => {
    let runs = 0;
    const work = (customerId: string) => async () => {
      runs += 1;
      const answer = changedOrder(`TB-${customerId}`);
      return { response: { order: { ...answer.order, customer: { customerId, displayName: '李四' } } } };
    };
    const erasedRequest = request('TB-gone', 'key-gone');
    const keptRequest = request('TB-kept', 'key-kept');
    await runIdempotent(orm, 'RetireChange', erasedRequest, work('buyer-gone'));
    const kept = await runIdempotent(orm, 'RetireChange', keptRequest, work('buyer-kept'));

    const retired = await orm.em.fork().transactional((em) => IdempotencyStore.retireOutcomesNaming(em, 'buyer-gone'));
    expect(retired).toBe(1);

    const retry = await runIdempotent(orm, 'RetireChange', erasedRequest, work('buyer-gone')).catch((e) => e);
    expect(retry).toBeInstanceOf(RuleViolation);
    expect((retry as RuleViolation).rule).toBe('privacy.customer-erased');
    expect(await runIdempotent(orm, 'RetireChange', keptRequest, work('buyer-kept'))).toEqual(kept);
    expect(runs).toBe(2);
    expect(JSON.stringify(await rowsOf('RetireChange'))).not.toContain('buyer-gone');
  });

  it('finds the customer where the stored outline shows only a length: deep in a list of the response', async () => {
    const listed = request('TB-listed', 'key-listed');
    await runIdempotent(orm, 'RetireListed', listed, async () => ({
      response: { tasks: [{ taskId: 't1', about: { order: { customerId: 'buyer-listed' } } }] },
    }));
    const [row] = await rowsOf('RetireListed');
    expect(row?.outcome).toMatchObject({ masked: { response: { tasks: '[1 item]' } } });

    const retired = await orm.em
      .fork()
      .transactional((em) => IdempotencyStore.retireOutcomesNaming(em, 'buyer-listed'));
    expect(retired).toBe(1);
    expect(JSON.stringify(await rowsOf('RetireListed'))).not.toContain('buyer-listed');
  });
});

describe('an outcome stored before outlines, with a masked copy of the whole outcome', () => {
  it('keeps only the customers it names once migrated: still replayed, still found by an erasure, no remark text left', async () => {
    const withRemark = (customerId: string) => ({
      order: { ...changedOrder('TB-old').order, customer: { customerId, displayName: '李四' } },
      // The address inside the remark's text, as ChangeAddress writes it.
      remark: { text: '客户要求修改地址，新地址为：杭州市文三路1号' },
      tasks: [{ taskId: 't1', about: { customerId: 'buyer-listed-old' } }],
    });
    const old = request('TB-old', 'key-old');
    const first = await runIdempotent(orm, 'OldCopy', old, async () => ({ response: withRemark('buyer-old') }));
    // As the code before outlines stored it: the whole outcome, masked, remark texts and all (masking
    // did not look for addresses in text then, so the remark's stayed in clear).
    const oldCopy = maskPersonalData({ response: withRemark('buyer-old') });
    oldCopy.response.remark = withRemark('buyer-old').remark;
    const em = orm.em.fork();
    await em.execute(
      `update idempotency_keys set outcome = jsonb_set(outcome, '{masked}', ?::jsonb) where operation = 'OldCopy'`,
      [JSON.stringify(oldCopy)],
    );
    expect(JSON.stringify(await rowsOf('OldCopy'))).toContain('文三路1号');

    await em.execute(`delete from cs_migrations where name = '0000-stored-outcome-outlines'`);
    await migrate(orm);

    const [row] = await rowsOf('OldCopy');
    expect(row?.outcome).toEqual({
      sealed: expect.objectContaining({ v: 2 }),
      masked: {
        customers: expect.arrayContaining([{ customerId: 'buyer-old' }, { customerId: 'buyer-listed-old' }]),
      },
    });
    expect(JSON.stringify(row)).not.toMatch(/文三路|李四|13800001111/);
    expect(await runIdempotent(orm, 'OldCopy', old, async () => ({ response: 'ran again' }))).toEqual(first);
    const retired = await orm.em
      .fork()
      .transactional((tx) => IdempotencyStore.retireOutcomesNaming(tx, 'buyer-listed-old'));
    expect(retired).toBe(1);
  });
});

describe('idempotency rows are kept whole', () => {
  const toastedBytes = async () => {
    const [row] = await orm.em
      .fork()
      .execute<{ bytes: string }[]>(
        `select pg_relation_size(reltoastrelid) as bytes from pg_class where oid = 'idempotency_keys'::regclass`,
      );
    return Number(row?.bytes);
  };

  it('an outcome of a few KB that does not compress stays in its row: nothing goes to the TOAST relation', async () => {
    const before = await toastedBytes();
    const noise = randomBytes(2400).toString('base64');
    await runIdempotent(orm, 'Whole', request('TB-whole', 'key-whole'), async () => ({ response: { noise } }));
    const [row] = await orm.em
      .fork()
      .execute<{ size: number }[]>(
        `select pg_column_size(outcome) as size from idempotency_keys where operation = 'Whole'`,
      );
    expect(row?.size).toBeGreaterThan(3000);
    expect(await toastedBytes()).toBe(before);
  });

  it('a table created before the setting gets it from the migration', async () => {
    const em = orm.em.fork();
    await em.execute('alter table idempotency_keys reset (toast_tuple_target)');
    await em.execute(`delete from cs_migrations where name = '0000-idempotency-rows-whole'`);
    await migrate(orm);
    const [table] = await em.execute<{ reloptions: string[] | null }[]>(
      `select reloptions from pg_class where oid = 'idempotency_keys'::regclass`,
    );
    expect(table?.reloptions).toContain('toast_tuple_target=8160');
  });
});

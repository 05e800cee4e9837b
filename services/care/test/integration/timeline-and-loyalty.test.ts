import { randomUUID } from 'node:crypto';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CareHarness, careAgent, startCare } from './care-fixture.js';
import { newId, orderPlaced } from './events.js';

let h: CareHarness;
beforeAll(async () => {
  h = await startCare();
});
afterAll(() => h?.close());

const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );

describe('GetCustomerTimeline: newest first, keyset paged', () => {
  it('walks 120 entries in pages of 50 without a gap or a repeat, also across equal times', async () => {
    const customerId = newId('buyer');
    // Two entries share each second, so the entry id must break the tie.
    await h.sql(
      `insert into timeline_entries (entry_id, customer_id, source_key, ref_kind, ref_id, kind, occurred_at, summary)
       select gen_random_uuid(), ?, 'test:' || ? || ':' || g, 'order', 'TB' || g, 'order',
              timestamptz '2026-11-01 00:00:00+00' + ((g / 2) || ' seconds')::interval, 'entry ' || g
       from generate_series(1, 120) g`,
      [customerId, customerId],
    );
    const seen: { id: string; at: number }[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const reply = await h.customers.getCustomerTimeline({ customerId, page: { pageSize: 50, pageToken } });
      seen.push(...reply.entries.map((e) => ({ id: e.entryId, at: e.occurredAt!.seconds })));
      pageToken = reply.page!.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((e) => e.id)).size).toBe(120);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at).toBeLessThanOrEqual(seen[i - 1]!.at);
  });

  it('the HTTP mirror pages the same way', async () => {
    const customerId = newId('buyer');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 5_000, { placedAt: '2026-11-01T00:00:00Z' }),
    );
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 6_000, { placedAt: '2026-11-02T00:00:00Z' }),
    );
    const first = await h.http('/cs.care.v1.CustomersService/GetCustomerTimeline', {
      customer_id: customerId,
      page: { page_size: 1 },
    });
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { summary: string }) => e.summary)).toEqual(['order placed, 60.00 CNY']);
    const second = await h.http('/cs.care.v1.CustomersService/GetCustomerTimeline', {
      customer_id: customerId,
      page: { page_size: 1, page_token: first.body.page.next_page_token ?? first.body.page.nextPageToken },
    });
    expect(second.body.entries.map((e: { summary: string }) => e.summary)).toEqual(['order placed, 50.00 CNY']);
  });
});

describe('points ledger: every movement a row, balance never negative, once per key', () => {
  it('a manual adjustment writes one row; its retry returns the same movement; a debit below zero is refused', async () => {
    const customerId = newId('buyer');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 10_000, { paidAt: '2026-11-01T02:05:00Z' }),
    );
    const request = { customerId, delta: -40, reason: '兑换小礼品', idempotencyKey: randomUUID() };
    const first = await h.loyalty.adjustPoints(request);
    const again = await h.loyalty.adjustPoints(request);
    expect(again.movement).toEqual(first.movement);
    expect(first.account?.pointsBalance).toBe(60);
    expect(first.movement?.reason).toBe(`adjusted by ${careAgent.agentId}: 兑换小礼品`);
    const refused = await failure(
      h.loyalty.adjustPoints({ customerId, delta: -61, reason: '超额兑换', idempotencyKey: randomUUID() }),
    );
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(refused.metadata).reason).toBe('points-balance-never-negative');
    const { movements } = await h.loyalty.listPointsLedger({ customerId, page: { pageSize: 1, pageToken: '' } });
    expect(movements.map((m) => [m.delta, m.balanceAfter])).toEqual([[-40, 60]]);
    const all = await h.sql<{ n: number }>('select count(*)::int as n from points_ledger where customer_id = ?', [
      customerId,
    ]);
    expect(all[0]).toEqual({ n: 2 });
  });

  it('an unknown customer has no account', async () => {
    const error = await failure(h.loyalty.getLoyaltyAccount({ customerId: newId('nobody') }));
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

describe('profile kept by hand, and personal data masked for roles that do not need it', () => {
  it('tags, group, email and a note (authored by the caller); an integrator sees phone, name and email masked', async () => {
    const customerId = newId('buyer');
    await h.publishJson(
      'cs.orders.order.placed',
      orderPlaced(customerId, newId('TB'), 10_000, { phone: '13900001111' }),
    );
    const { profile } = await h.customers.updateCustomerProfile({
      customerId,
      setTags: true,
      tags: ['宝妈', '高复购'],
      setGroup: true,
      group: '宝妈',
      setEmail: true,
      email: 'li.si@example.com',
      addContactChannels: [],
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
    });
    expect(profile).toMatchObject({ tags: ['宝妈', '高复购'], group: '宝妈', email: 'li.si@example.com' });
    const { note } = await h.customers.addCustomerNote({ customerId, body: '喜欢红色', idempotencyKey: randomUUID() });
    expect(note).toMatchObject({ authorId: careAgent.agentId, authorName: careAgent.name, body: '喜欢红色' });
    const seen = await h.as({ roles: ['integrator'], agentId: 'bi-1' }).customers.getCustomerProfile({ customerId });
    expect(seen.profile).toMatchObject({ phone: '139****1111', displayName: '李*', email: 'l***@example.com' });
  });

  it('a stale expected version is refused as a concurrent edit', async () => {
    const customerId = newId('buyer');
    await h.publishJson('cs.orders.order.placed', orderPlaced(customerId, newId('TB'), 10_000));
    const error = await failure(
      h.customers.updateCustomerProfile({
        customerId,
        setTags: true,
        tags: ['x'],
        setGroup: false,
        group: '',
        setEmail: false,
        email: '',
        addContactChannels: [],
        expectedVersion: 999,
        idempotencyKey: randomUUID(),
      }),
    );
    expect(error.code).toBe(status.ABORTED);
  });
});

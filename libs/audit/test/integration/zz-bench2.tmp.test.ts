import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase } from '@cs/testing';
import { inject, it } from 'vitest';
import { AuditTrail } from '../../src/audit-trail.js';

it('sequential appends', async () => {
  const db = await createTestDatabase(inject('postgresUrl'), 'audit_bench');
  const orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  const trail = new AuditTrail(orm, 'orders');
  const e = { at: new Date(), subject: 's', roles: ['r'], via: '', rpc: '/x/y', ids: { orderId: 'o' }, traceId: '', outcome: 'ok' };
  for (let i = 0; i < 50; i++) await trail.append(e);
  let t = performance.now();
  for (let i = 0; i < 300; i++) await trail.append(e);
  console.info(`append sequential: ${((performance.now() - t) / 300).toFixed(2)} ms each`);
  t = performance.now();
  for (let i = 0; i < 300; i++) await orm.em.fork().execute('select 1');
  console.info(`select 1: ${((performance.now() - t) / 300).toFixed(2)} ms each`);
  t = performance.now();
  for (let i = 0; i < 300; i++) await orm.em.fork().transactional((em) => em.execute("update audit_chain_head set hash = hash"));
  console.info(`tx with one update: ${((performance.now() - t) / 300).toFixed(2)} ms each`);
  const [s] = await orm.em.fork().execute("show synchronous_commit");
  console.info(JSON.stringify(s));
  await orm.close();
  await db.drop();
}, 120_000);

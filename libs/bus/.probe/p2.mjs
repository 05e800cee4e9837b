import { MikroORM } from '@mikro-orm/postgresql';
const orm = await MikroORM.init({ clientUrl: 'postgres://postgres@127.0.0.1:5432/postgres', entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
const em = orm.em.fork();
await em.execute('create temp table if not exists x (id uuid primary key, p jsonb, h jsonb)');
try {
  await em.transactional(async (tx) => {
    console.log('inTx', tx.isInTransaction(), em.isInTransaction());
    const r = await tx.execute('insert into x (id, p, h) values (?, ?::jsonb, ?::jsonb) on conflict do nothing returning 1 as inserted', [crypto.randomUUID(), JSON.stringify({a:"it's ? ok"}), '{}']);
    console.log('ret', r);
    const pid1 = await tx.execute('select pg_backend_pid() as pid, txid_current_if_assigned() as tx');
    console.log(pid1);
    throw new Error('rollback');
  });
} catch (e) { console.log('err', e.message); }
console.log(await em.execute('select count(*) from pg_stat_activity where 1=1'));
await orm.close();

// What an ORM transaction costs on the services' pool (BEGIN sent with the first statement,
// libs/persistence/src/deferred-begin.ts) against the same ORM on a plain pool (BEGIN a round trip of
// its own), in alternating rounds on one database. Not part of `npm run bench`:
//   node test/load/orm-transaction.mjs          (ORM_TX_ROUNDS, default 8)
// Each transaction: BEGIN, an insert, a look-up by primary key, COMMIT. Prints a table: socket writes per transaction
// (counted on the pool's connections) and transactions/s at 1 and 4 at once, the median over the rounds.
import { dropDatabase, ensureDatabaseExists, ormOptions } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { dbUrl, fmt, markdownTable } from './support/bench.util.mjs';

const ROUNDS = Number(process.env.ORM_TX_ROUNDS ?? 8);
const url = dbUrl('cs_bench_orm_transaction');

/** The services' ORM options, or the same without the pipelining pool and its deferred BEGIN. */
function open(deferred, counter) {
  const options = ormOptions({ url, entities: [], migrations: [] });
  const { onPoolCreated, ...driverOptions } = options.driverOptions;
  return MikroORM.init({
    ...options,
    driverOptions: {
      ...driverOptions,
      pipeline: deferred,
      onPoolCreated: (pool) => {
        if (deferred) onPoolCreated(pool);
        pool.on('connect', (client) => countWrites(client, counter));
      },
    },
  });
}

function countWrites(client, counter) {
  const stream = client.connection.stream;
  for (const method of ['_write', '_writev']) {
    const original = stream[method];
    stream[method] = (...args) => {
      counter.writes += 1;
      return original.apply(stream, args);
    };
  }
}

async function transactions(orm, count, concurrency) {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < count) {
        await orm.em.fork().transactional(async (em) => {
          await em.execute('insert into notes (text) values (?)', ['x']);
          await em.execute('select text from notes where id = ?', [1]);
        });
      }
    }),
  );
  return (count / (performance.now() - begin)) * 1000;
}

async function round(deferred) {
  const counter = { writes: 0 };
  const orm = await open(deferred, counter);
  try {
    await transactions(orm, 200, 1); // connections open, statements warm
    counter.writes = 0;
    const single = await transactions(orm, 2000, 1);
    const writes = counter.writes / 2000;
    const four = await transactions(orm, 4000, 4);
    return { single, four, writes };
  } finally {
    await orm.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

await dropDatabase(url).catch(() => {});
await ensureDatabaseExists(url);
const setup = await open(false, { writes: 0 });
await setup.em.fork().execute('create table notes (id serial primary key, text text not null)');
await setup.close();
const results = { deferred: [], plain: [] };
try {
  for (let i = 0; i < ROUNDS; i++) {
    // Alternating, so the machine's drift hits both alike.
    results.deferred.push(await round(true));
    results.plain.push(await round(false));
  }
} finally {
  await dropDatabase(url);
}
const row = (name, runs) => [
  name,
  fmt(median(runs.map((r) => r.writes)), 2),
  fmt(median(runs.map((r) => r.single)), 0),
  fmt(median(runs.map((r) => r.four)), 0),
  runs.map((r) => fmt(r.single, 0)).join(' · '),
];
console.log(
  markdownTable(
    [
      'pool',
      'socket writes / transaction',
      'tx/s, 1 at once (median)',
      'tx/s, 4 at once (median)',
      'tx/s, 1 at once, each round',
    ],
    [
      row('services (pipelined, BEGIN deferred)', results.deferred),
      row('plain (BEGIN its own round trip)', results.plain),
    ],
  ),
);
console.log(
  `\n${ROUNDS} alternating rounds; each: 200 warm-up, 2,000 transactions one at a time, 4,000 four at a time.`,
);

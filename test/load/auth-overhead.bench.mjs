// What identity costs the command path: ChangeAddress against one orders process whose token
// check is off (decoded, not verified), on as in production (JWKS keys and verified tokens
// cached) or on without the verified-token cache (a signature check per request), in one run on
// one seeded database. Plus the bare cost of one signature verification, measured in this process.
import { DevIssuer, JwksTokenVerifier } from '@cs/auth';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { level, seed } from './change-address.bench.mjs';
import { dbUrl, drainOutbox, loadAverage, log, sleep, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { describeLevel } from './support/closed-loop.mjs';
import { agent, ORDER_COUNT } from './support/order.fixture.mjs';
import { startService } from './support/processes.util.mjs';

export const DATABASE = 'cs_bench_auth_orders';
const MODES = ['off', 'on', 'uncached'];

function startOrdersWith(mode, subjectPrefix) {
  return startService('orders', {
    databaseUrl: dbUrl(DATABASE),
    subjectPrefix,
    name: `orders (auth ${mode})`,
    entry: 'test/load/support/orders-auth.worker.mjs',
    env: { BENCH_AUTH_MODE: mode },
  });
}

/** Microseconds per signature verification (ES256, keys already fetched), over `count` distinct tokens. */
async function verificationCost(count = 2000) {
  const issuer = await DevIssuer.create({ audience: 'cs-bench-verify' });
  await issuer.listen(0);
  try {
    const options = {
      issuer: issuer.issuer,
      audience: 'cs-bench-verify',
      jwksUrl: issuer.jwksUrl,
      clockSkewSeconds: 30,
      rolesClaim: 'roles',
    };
    const verifier = new JwksTokenVerifier({ ...options, cacheVerified: false });
    const tokens = await Promise.all(
      Array.from({ length: count }, (_, i) => issuer.sign({ sub: `a-${i}`, roles: ['order-desk-clerk'] })),
    );
    await verifier.verify(tokens[0]); // fetches the JWKS once
    const started = performance.now();
    for (const token of tokens) await verifier.verify(token);
    const uncachedUs = ((performance.now() - started) * 1000) / count;
    const cachedVerifier = new JwksTokenVerifier(options);
    await cachedVerifier.verify(tokens[0]);
    const cachedStarted = performance.now();
    for (let i = 0; i < count; i++) await cachedVerifier.verify(tokens[0]);
    const cachedUs = ((performance.now() - cachedStarted) * 1000) / count;
    return { uncachedUs, cachedUs, count };
  } finally {
    await issuer.close();
  }
}

/** The modes in `rounds` interleaved rounds (off, on, uncached, off, on, …), so drift hits each alike. */
export async function runAuthOverhead({ subjectPrefix, levels, warmupS, durationS, rounds = 3 }) {
  const schedule = Array.from({ length: rounds }, (_, round) => MODES.map((mode) => ({ mode, round }))).flat();
  await dropBenchDatabases([DATABASE]);
  const bearer = bearerFor({ roles: ['order-desk-clerk', 'service'], agentId: agent.agentId, name: agent.name });
  const results = [];
  let orders = await startOrdersWith('on', subjectPrefix);
  let grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress, { bearer });
  try {
    await seed(grpc);
    log(`seeded ${ORDER_COUNT} paid orders`);
    await drainOutbox(dbUrl(DATABASE), 'the relay to publish the seeding events');
    await sql(dbUrl(DATABASE), 'vacuum analyze');
    for (const [index, { mode, round }] of schedule.entries()) {
      if (index > 0 || mode !== 'on') {
        grpc.close();
        await orders.stop();
        orders = await startOrdersWith(mode, subjectPrefix);
        grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress, { bearer });
      }
      for (const clients of levels) {
        log(`ChangeAddress, auth ${mode}: ${clients} client(s), ${warmupS} s + ${durationS} s (load ${loadAverage()})`);
        const result = await level(grpc, clients, { warmupS, durationS, ordersPid: orders.pid, database: DATABASE });
        log(`  ${describeLevel(result)}`);
        results.push({ mode, round, ...result });
        await drainOutbox(dbUrl(DATABASE));
        await sleep(1000);
      }
    }
  } finally {
    grpc.close();
    await orders.stop();
  }
  return { results, verification: await verificationCost() };
}

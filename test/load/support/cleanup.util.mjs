// Leaves nothing behind: the bench databases and every JetStream stream of a "bench…" subject prefix
// (also those of an earlier run that was killed before its own cleanup).
import { dropDatabase } from '@cs/persistence';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dbUrl, log, NATS_URL } from './bench.util.mjs';

export const BENCH_DATABASES = [
  'cs_bench_care_timeline',
  'cs_bench_orders',
  'cs_bench_pgbench',
  'cs_bench_events_orders',
  'cs_bench_events_sub',
  'cs_bench_inquiry',
  'cs_bench_auth_orders',
  'cs_bench_intake_inquiry',
  'cs_bench_intake_complaints',
  'cs_bench_sweep_complaints',
  'cs_bench_sla_inquiry',
  'cs_bench_reply_knowledge',
  'cs_bench_reply_inquiry_checked',
  'cs_bench_reply_inquiry_plain',
  'cs_bench_knowledge',
  ...['inquiry', 'orders', 'aftersales', 'complaints', 'care', 'knowledge'].map((s) => `cs_bench_footprint_${s}`),
];

/** prefixStream() upper-cases the prefix: "bench1x2y" → "BENCH1X2Y_CS_ORDERS". */
const BENCH_STREAM = /^BENCH[A-Z0-9_-]*_CS_[A-Z0-9_]+$/;

export function newSubjectPrefix() {
  return `bench${Date.now().toString(36)}`;
}

export async function dropBenchDatabases(names = BENCH_DATABASES) {
  for (const name of names) await dropDatabase(dbUrl(name));
}

export async function deleteBenchStreams() {
  const nc = await connect({ servers: NATS_URL, name: 'bench-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    const names = [];
    for await (const name of jsm.streams.names()) if (BENCH_STREAM.test(name)) names.push(name);
    for (const name of names) await jsm.streams.delete(name);
    if (names.length) log(`deleted streams ${names.join(', ')}`);
  } finally {
    await nc.close();
  }
}

// The event-latency benchmark's producer: one event per transaction, paced, as the services' commands
// write theirs. Runs inside event-producer.worker.mjs, beside the relay, as a service runs both.
import { Outbox } from '@cs/bus';
import { codecFor } from '@cs/contracts';
import { CommandTransactions, outboxRows } from '@cs/persistence';
import { log, waitUntil } from './bench.util.mjs';
import { address, agent, newAddress, randomOrderId } from './order.fixture.mjs';

export const codec = codecFor('cs.orders.order.address_changed');

/**
 * An address_changed payload like the service's. Built from its JSON form, so fields the contracts
 * add later get their defaults instead of breaking the producer.
 */
export function payload(seq, orderId) {
  return codec.fromJSON({
    orderId,
    previousAddress: address,
    newAddress: newAddress(seq),
    remark: {
      text: `客户要求修改地址，新地址为：李四，13900002222，浙江省杭州市西湖区文一路${seq % 1000}号，310000 ---2026.01.01 张三`,
      flag: 'REMARK_FLAG_RED',
      kind: 'REMARK_KIND_ADDRESS_CHANGE',
      author: agent,
      createdAt: new Date().toISOString(),
    },
    orderVersion: seq + 2,
  });
}

/**
 * How the producer commits one event in a transaction of its own. BENCH_EVENT_PRODUCER=lean (the
 * default) as the services' hot commands do: CommandTransactions, BEGIN + the outbox insert + COMMIT
 * pipelined in one round trip; =orm through the ORM unit of work, Outbox.add (three round trips).
 */
export function eventWriter(orm, kind = process.env.BENCH_EVENT_PRODUCER ?? 'lean') {
  if (kind === 'orm') {
    return {
      kind,
      commit: (subject, body, meta) => orm.em.fork().transactional((em) => Outbox.add(em, subject, body, meta)),
      close: async () => {},
    };
  }
  if (kind !== 'lean') throw new Error(`BENCH_EVENT_PRODUCER must be lean or orm, not ${kind}`);
  const commands = CommandTransactions.forOrm(orm);
  return {
    kind,
    commit: (subject, body, meta) =>
      commands.run(() => {
        const event = Outbox.event(subject, body, meta);
        return { reads: [], decide: () => ({ inserts: [outboxRows([event])], outcome: { response: event.id } }) };
      }),
    close: () => commands.close(),
  };
}

/**
 * Open-loop producer for durationS: a 1 ms timer launches every event that is due by now (so it
 * catches up after a late tick), at most maxInFlight transactions at once (one pool connection each).
 */
export async function produce(writer, { rate, durationS, maxInFlight, measured }) {
  const events = []; // { id, measured }
  const start = performance.now();
  const end = start + durationS * 1000;
  let launched = 0;
  let inFlight = 0;
  let committedInWindow = 0;
  let failures = 0;
  let lastError;
  let maxBehind = 0;
  const insert = async (seq) => {
    const orderId = randomOrderId();
    try {
      const id = await writer.commit('cs.orders.order.address_changed', payload(seq, orderId), {
        aggregateId: orderId,
        aggregateVersion: seq + 2,
      });
      if (performance.now() <= end) committedInWindow++;
      events.push({ id, measured });
    } catch (error) {
      failures++;
      lastError = error;
    } finally {
      inFlight--;
    }
  };
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(((now - start) * rate) / 1000);
      while (launched < due && inFlight < maxInFlight) {
        inFlight++;
        void insert(launched++);
      }
      maxBehind = Math.max(maxBehind, due - launched);
    }, 1);
  });
  await waitUntil('the producer transactions in flight', () => inFlight === 0, { everyMs: 10 });
  if (failures) log(`  producer: ${failures} failed transactions, e.g. ${lastError?.message}`);
  if (failures > launched / 100)
    throw new Error(`producer: ${failures} of ${launched} transactions failed: ${lastError?.stack}`);
  return { events, achieved: committedInWindow / durationS, failures, maxBehind };
}

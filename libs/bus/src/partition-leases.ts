import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BusLogger, describeError } from './bus-logger.util.js';
import { intArray } from './fenced-inbox.js';
import { EVENT_PARTITIONS } from './naming.util.js';
import { Wakeup } from './wakeup.util.js';

/** This replica's heartbeat; answers how many replicas are alive (this one included). */
const BEAT = `with beat as (
    insert into cs_consumer_member (member, until) values (?, clock_timestamp() + ? * interval '1 millisecond')
    on conflict (member) do update set until = excluded.until
  ), forgotten as (
    delete from cs_consumer_member where until < now() - interval '1 day'
  )
  select count(*)::int as live from cs_consumer_member where until > now() or member = ?`;

const RENEW = `update cs_partition_lease set until = clock_timestamp() + ? * interval '1 millisecond'
  where member = ? returning partition`;

/** Deleting a lapsed lease waits for its holder's handler transactions (they hold FOR KEY SHARE on it). */
const CLEAR_LAPSED = 'delete from cs_partition_lease where until <= now()';

const CLAIM = `insert into cs_partition_lease (partition, member, until)
  select p, ?, clock_timestamp() + ? * interval '1 millisecond' from generate_series(0, ? - 1) p
   where not exists (select 1 from cs_partition_lease l where l.partition = p)
   order by random() limit ?
  on conflict (partition) do nothing returning partition`;

const RELEASE = 'delete from cs_partition_lease where member = ? and partition = any(?::int[])';

/** Held by nobody until the messages a released partition may still have out come back (ack wait). */
const HOLD_OFF = `update cs_partition_lease set member = '', until = clock_timestamp() + ? * interval '1 millisecond'
  where member = ? and partition = any(?::int[])`;

const RELEASE_ALL = 'delete from cs_partition_lease where member = ?';

const LEAVE = 'delete from cs_consumer_member where member = ?';

/** What the replica does when its partitions change. */
export interface PartitionReader {
  /** Starts reading partitions just leased. */
  read(partitions: readonly number[]): void;
  /**
   * Stops reading partitions and waits for their handling to end; resolves true when no message of
   * them can still be out (every delivery arrived and was handled), so the next holder may start at
   * once. `abandon`: the lease is lapsing or lost; what was pulled and not started is left
   * unacknowledged, for JetStream to redeliver after ack wait.
   */
  stopReading(partitions: readonly number[], options?: { abandon?: boolean }): Promise<boolean>;
}

export interface PartitionLeaseSettings {
  orm: MikroORM;
  /** This replica, unique per process. */
  member: string;
  /**
   * How long a lease lasts unrenewed; at least ack wait + 4 renewals. A replica whose renewal is three
   * rounds late stops reading, so whatever it was sent is redelivered (ack wait) before the lease lapses.
   */
  leaseMs: number;
  renewEveryMs: number;
  /** The consumers' ack wait: how long a released partition stays held by nobody when messages may still be out. */
  ackWaitMs: number;
  logger: BusLogger;
}

/**
 * Shares the event partitions out among the live replicas of one consuming service, through two
 * tables in its database. Every renewEveryMs a replica renews its heartbeat and its leases, gives up
 * what is above its fair share (⌈partitions / live replicas⌉) and claims free partitions up to it.
 * A replica that cannot renew stops reading well before its leases lapse; a dead one's lapse after
 * leaseMs; one that stops handles what it pulled and hands its partitions over at once.
 */
export class PartitionLeases {
  private readonly held = new Set<number>();
  /** Fires when the leases were not renewed in time: reading stops before another replica may claim them. */
  private lapseTimer?: NodeJS.Timeout;
  /** The readers a lapse is stopping; the next round waits for them. */
  private lapsing: Promise<unknown> = Promise.resolve();
  /** After a lapse, the leases still in the table are given up rather than renewed. */
  private lapsed = false;
  private readonly wakeup = new Wakeup();
  private loop?: Promise<void>;
  /** A claim or hand-over under way, beside the renewals. */
  private rebalancing?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly settings: PartitionLeaseSettings,
    private readonly reader: PartitionReader,
  ) {
    if (settings.leaseMs < settings.ackWaitMs + 4 * settings.renewEveryMs) {
      throw new Error(
        `partition lease (${settings.leaseMs} ms) must outlast ack wait + 4 renewals (${settings.ackWaitMs + 4 * settings.renewEveryMs} ms)`,
      );
    }
  }

  /** The partitions this replica reads now. */
  get partitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** Runs the first round and its claim, then keeps renewing in the background. */
  async start(): Promise<void> {
    await this.safeRound();
    await this.rebalancing;
    this.loop ??= this.run();
  }

  /** Stops reading everything and hands the partitions over. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.stop();
    clearTimeout(this.lapseTimer);
    await this.loop;
    await this.rebalancing;
    await this.lapsing;
    const partitions = this.partitions;
    if (partitions.length > 0) await this.giveUp(partitions).catch((error) => this.logFailure(error));
    await this.em()
      .execute(LEAVE, [this.settings.member])
      .catch((error) => this.logFailure(error));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.wakeup.wait(this.settings.renewEveryMs);
      if (!this.stopped) await this.safeRound();
    }
  }

  private async safeRound(): Promise<void> {
    try {
      await this.round();
    } catch (error) {
      this.logFailure(error);
    }
  }

  /** Stops reading at `at` (performance.now()) unless a renewal comes first. */
  private armLapse(at: number): void {
    clearTimeout(this.lapseTimer);
    this.lapseTimer = setTimeout(() => this.lapse(), Math.max(0, at - performance.now()));
    this.lapseTimer.unref();
  }

  private lapse(): void {
    if (this.held.size === 0) return;
    const lapsed = this.partitions;
    this.settings.logger.error(
      { member: this.settings.member, partitions: lapsed },
      'partition leases not renewed in time; stopped reading them',
    );
    this.held.clear();
    this.lapsed = true;
    this.lapsing = this.reader.stopReading(lapsed, { abandon: true }).catch(() => {});
  }

  /**
   * Renews the heartbeat and the leases (never waiting on anything else, so a slow hand-over or a
   * claim waiting for another replica's transactions cannot make this replica's own leases lapse),
   * then starts a rebalance unless one is running.
   */
  private async round(): Promise<void> {
    const { member, leaseMs } = this.settings;
    await this.lapsing;
    const started = performance.now();
    const em = this.em();
    const [beat] = await em.execute<{ live: number }[]>(BEAT, [member, leaseMs, member]);
    if (this.lapsed) {
      await em.execute(RELEASE_ALL, [member]);
      this.lapsed = false;
    }
    const before = new Set(this.held);
    const renewed = new Set((await em.execute<{ partition: number }[]>(RENEW, [leaseMs, member])).map(partitionOf));
    if (this.lapsed) return; // lapsed while renewing: give them up next round
    // Stop receiving by then, and what was received is redelivered (ack wait) before the lease lapses.
    this.armLapse(started + leaseMs - this.settings.ackWaitMs - this.settings.renewEveryMs);
    const lost = [...before].filter((p) => this.held.has(p) && !renewed.has(p));
    if (lost.length > 0) {
      this.settings.logger.warn({ member, partitions: lost }, 'partition leases taken over; stopped reading them');
      for (const p of lost) this.held.delete(p);
      this.lapsing = this.reader.stopReading(lost, { abandon: true }).catch(() => {});
    }
    const fair = Math.ceil(EVENT_PARTITIONS / Math.max(1, beat?.live ?? 1));
    this.rebalancing ??= this.rebalance(fair)
      .catch((error) => this.logFailure(error))
      .finally(() => {
        this.rebalancing = undefined;
      });
  }

  private async rebalance(fair: number): Promise<void> {
    if (this.held.size > fair) await this.giveUp(this.partitions.slice(fair));
    else if (this.held.size < fair) await this.claim(fair - this.held.size);
  }

  private async claim(count: number): Promise<void> {
    const { member, leaseMs } = this.settings;
    const claimed = await this.em().transactional(async (em) => {
      await em.execute(CLEAR_LAPSED);
      return (await em.execute<{ partition: number }[]>(CLAIM, [member, leaseMs, EVENT_PARTITIONS, count])).map(
        partitionOf,
      );
    });
    if (claimed.length === 0) return;
    for (const p of claimed) this.held.add(p);
    this.settings.logger.info({ member, partitions: claimed, holds: this.partitions }, 'claimed event partitions');
    this.reader.read(claimed);
  }

  /** Stops reading partitions, then frees their leases: at once if nothing of them can still be out, else after ack wait. */
  private async giveUp(partitions: number[]): Promise<void> {
    for (const p of partitions) this.held.delete(p);
    const settled = await this.reader.stopReading(partitions);
    const { member, ackWaitMs, logger } = this.settings;
    if (settled) await this.em().execute(RELEASE, [member, intArray(partitions)]);
    else await this.em().execute(HOLD_OFF, [ackWaitMs, member, intArray(partitions)]);
    logger.info({ member, partitions, at: settled ? 'now' : `in ${ackWaitMs} ms` }, 'released event partitions');
  }

  private em(): EntityManager {
    return this.settings.orm.em.fork();
  }

  private logFailure(error: unknown): void {
    this.settings.logger.warn(
      { member: this.settings.member, error: describeError(error) },
      'partition lease round failed; retrying',
    );
  }
}

function partitionOf(row: { partition: number }): number {
  return Number(row.partition);
}

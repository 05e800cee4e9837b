import { inOneWrite } from '@cs/persistence';
import type pg from 'pg';
import { finishRound, type OutboxRow, type RoundResult } from './outbox.repository.js';

interface PendingRecord {
  result: RoundResult;
  aggregates: readonly string[];
  settle: (error?: unknown) => void;
}

/**
 * The records of a relay's published rounds, written with its next claim: the record's statement
 * and the claim's leave in one socket write and come back in one round trip (each commits by
 * itself, the record first, so the claim sees its leases given up). Under a steady stream that is
 * one round trip per round instead of two. A record no claim picks up within delayMs is written
 * by itself, and the next claim waits for it. Until a round is recorded its aggregates stay leased to this relay, so no relay claims
 * their later rows early; if the relay dies first, the leases expire and the rows are re-published,
 * which JetStream drops as duplicates (as for a crash between a publish and its record before).
 */
export class RoundRecords {
  private pending: PendingRecord[] = [];
  private timer?: NodeJS.Timeout;
  /** A record being written by itself: the next claim waits for it, as it would behind one it carried. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly relayId: string,
    private readonly delayMs: number,
  ) {}

  /** Resolves once the round is recorded; rejects when its record failed. */
  add(result: RoundResult, aggregates: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ result, aggregates, settle: (error) => (error ? reject(error) : resolve()) });
      // A failed record reaches its round through settle; the timer has nobody else to tell.
      this.timer ??= setTimeout(() => this.flush().catch(() => {}), this.delayMs);
    });
  }

  /** Resolves once no record is being written by itself (one a claim carries is that claim's wait). */
  async settled(): Promise<void> {
    await this.writing;
  }

  /** Writes what is pending now, by itself. */
  async flush(): Promise<void> {
    const records = this.take();
    if (!records.length) return;
    const written = settleAll(records, this.record(this.pool, records));
    this.writing = written.catch(() => {});
    await written;
  }

  /** Runs the claim, with what is pending recorded first in the same round trip. */
  async claimWith(claim: (db: pg.ClientBase | pg.Pool) => Promise<OutboxRow[]>): Promise<OutboxRow[]> {
    await this.writing;
    const records = this.take();
    if (!records.length) return claim(this.pool);
    const client = await this.pool.connect().catch((error: unknown) => {
      void settleAll(records, Promise.reject(error)).catch(() => {});
      throw error;
    });
    let broken: Error | undefined;
    try {
      const [recorded, claimed] = inOneWrite(
        client as pg.Client,
        () => [this.record(client, records), claim(client)] as const,
      );
      await settleAll(records, recorded).catch(() => {});
      return await claimed;
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private take(): PendingRecord[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.pending.splice(0);
  }

  /** One statement for every pending round: their rows and leases are disjoint. */
  private record(db: pg.ClientBase | pg.Pool, records: readonly PendingRecord[]): Promise<void> {
    return finishRound(
      db,
      this.relayId,
      {
        published: records.flatMap((r) => r.result.published),
        failed: records.flatMap((r) => r.result.failed),
        released: records.flatMap((r) => r.result.released),
      },
      records.flatMap((r) => r.aggregates),
    );
  }
}

/** Settles every record with the outcome of the statement that wrote them; rejects as it does. */
async function settleAll(records: readonly PendingRecord[], written: Promise<void>): Promise<void> {
  try {
    await written;
  } catch (error) {
    for (const r of records) r.settle(error);
    throw error;
  }
  for (const r of records) r.settle();
}

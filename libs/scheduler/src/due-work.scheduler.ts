import { transactionWithRetry } from '@cs/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';
import { assertIdentifiers, claimDue } from './claim-due.js';
import type { DueWork, DueWorkTick } from './due-work.js';

export interface DueWorkSchedulerOptions {
  /** Pause between the end of one tick and the start of the next. */
  pollMs: number;
  /** Items claimed (and locked) by one transaction. */
  batchSize: number;
  /** Where failures go; the scheduler keeps going. */
  logger?: { error(details: object, message: string): void };
  /** Called after every tick, e.g. for metrics. */
  onTick?(ticks: DueWorkTick[]): void;
  /**
   * Work that follows every tick in the same loop (e.g. moving queues once items closed): awaited,
   * so `stop()` waits for it too, and its failure is logged like a failed tick.
   */
  afterTick?(ticks: DueWorkTick[]): Promise<void>;
}

/**
 * The due-work pattern shared by services: every replica polls; each tick claims due items in
 * batches (indexed due-time query, FOR UPDATE SKIP LOCKED) and handles each in the claiming
 * transaction, so only one replica acts on an item and a crash releases its claim. `stop()` ends
 * the loop after the batch in progress and waits for it, so nothing runs after shutdown.
 */
export class DueWorkScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private started = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly works: readonly DueWork[],
    private readonly options: DueWorkSchedulerOptions,
  ) {
    for (const work of works) assertIdentifiers(work);
    if (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1) {
      throw new Error(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error) => this.options.logger?.error({ err: error }, 'due work tick failed; retrying next poll'))
        .finally(() => this.schedule());
    }, this.options.pollMs);
    this.timer.unref();
  }

  /** One pass over every kind of work: claims and handles what is due at `now` until none is left. */
  async tick(now = new Date()): Promise<DueWorkTick[]> {
    const ticks: DueWorkTick[] = [];
    for (const work of this.works) ticks.push(await this.drain(work, now));
    this.options.onTick?.(ticks);
    if (!this.stopped) await this.options.afterTick?.(ticks);
    return ticks;
  }

  private async drain(work: DueWork, now: Date): Promise<DueWorkTick> {
    const tick: DueWorkTick = { name: work.name, claimed: 0, handled: 0, failed: 0, batches: 0 };
    const failed: string[] = [];
    // Items handled by a committed batch of this tick: claimed again, their handler left them due.
    const handledBefore = new Set<string>();
    const dueBy = work.dueBy?.(now) ?? now;
    for (;;) {
      // A batch whose transaction fails as a whole (connection lost, deadlock) is retried as a whole.
      const batch = await transactionWithRetry(this.orm, async (em) => {
        const ids = await claimDue(em, work, dueBy, this.options.batchSize, failed);
        const outcome = {
          claimed: ids.length,
          handledIds: [] as string[],
          failedIds: [] as string[],
          committedEffects: [] as Array<() => void>,
        };
        for (const id of ids) {
          if (handledBefore.has(id)) {
            // Never loop on an item the handler does not move.
            outcome.failedIds.push(id);
            this.options.logger?.error({ work: work.name, id }, 'due work item still due after handling');
            continue;
          }
          const effects: Array<() => void> = [];
          try {
            await em.transactional((inner) => work.handle(inner, id, now, (effect) => effects.push(effect)));
            outcome.handledIds.push(id);
            outcome.committedEffects.push(...effects);
          } catch (error) {
            // Its savepoint is rolled back; the rest of the batch still commits.
            outcome.failedIds.push(id);
            this.options.logger?.error({ err: error, work: work.name, id }, 'due work item failed; retrying next tick');
          }
        }
        return outcome;
      });
      this.runEffects(work, batch.committedEffects);
      tick.batches++;
      tick.claimed += batch.claimed;
      tick.handled += batch.handledIds.length;
      tick.failed += batch.failedIds.length;
      for (const id of batch.handledIds) handledBefore.add(id);
      failed.push(...batch.failedIds);
      if (batch.claimed < this.options.batchSize || this.stopped) return tick;
    }
  }

  /** The batch is committed: what its items left for after the commit runs now, each on its own. */
  private runEffects(work: DueWork, effects: ReadonlyArray<() => void>): void {
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        this.options.logger?.error({ err: error, work: work.name }, 'due work after-commit effect failed');
      }
    }
  }
}

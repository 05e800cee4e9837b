/** A sleep that a signal can cut short: the relay waits for its poll interval or a commit of outbox rows, whichever comes first. */
export class Wakeup {
  private pending = false;
  private stopped = false;
  private current?: { resolve: () => void; wakeable: boolean; timer: NodeJS.Timeout };

  /** Ends the current wait (if it accepts wake-ups), or the next one at once. */
  wake(): void {
    if (this.current?.wakeable) this.finish();
    else this.pending = true;
  }

  /** Forgets a wake-up not yet waited for (what it signalled is being seen to now). */
  clear(): void {
    this.pending = false;
  }

  /** Ends every wait now and later. */
  stop(): void {
    this.stopped = true;
    this.finish();
  }

  /** Waits up to ms; a wake() ends it early unless wakeable is false (a backoff that commits must not shorten). */
  wait(ms: number, { wakeable = true }: { wakeable?: boolean } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (wakeable && this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    if (!wakeable) this.pending = false;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish(), Math.max(0, ms));
      this.current = { resolve, wakeable, timer };
    });
  }

  private finish(): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    current.resolve();
  }
}

/** Waits ms, or less if the signal aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

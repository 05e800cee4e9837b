/**
 * A token bucket per caller: `ratePerSecond` sustained, `burst` at once. In memory, per replica:
 * with N replicas behind a balancer a caller gets up to N times the rate, which is what capacity
 * planning counts on anyway.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for this caller; false when it has none left. */
  take(caller: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(caller) ?? { tokens: this.burst, updatedMs: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.ratePerSecond);
    bucket.updatedMs = now;
    if (this.buckets.size > 100_000) this.buckets.clear();
    this.buckets.set(caller, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

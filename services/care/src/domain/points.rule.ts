/**
 * Points earn rule: a paid order earns points per whole yuan paid (fen / 100, rounded down).
 * Cancelled or refunded orders earn nothing.
 */
export function pointsEarnedFor(paidFen: number, pointsPerYuan: number): number {
  if (paidFen <= 0) return 0;
  return Math.floor(paidFen / 100) * pointsPerYuan;
}

/**
 * Points reverse rule: a cancellation or refund takes back what the order earned, but never more
 * than the balance holds (points already spent are not clawed into a negative balance).
 */
export function pointsToReverse(earned: number, balance: number): number {
  return Math.max(0, Math.min(earned, balance));
}

/** A manual movement keeps the balance at zero or above; the shortfall is returned when it would not. */
export function balanceAfterAdjustment(balance: number, delta: number): { ok: true; balance: number } | { ok: false } {
  const after = balance + delta;
  return after < 0 ? { ok: false } : { ok: true, balance: after };
}

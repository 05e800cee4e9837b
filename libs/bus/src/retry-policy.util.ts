/**
 * Exponential backoff with jitter: attempt 1 waits about baseMs, each further attempt doubles, capped at maxMs.
 * The jitter (between half and the full delay) keeps replicas that failed together from retrying together.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const full = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(full / 2 + (random() * full) / 2);
}

/** The nak delay for a failed delivery: backoffMs[delivery - 1], the last entry once the list runs out. */
export function redeliveryDelay(deliveryCount: number, backoffMs: readonly number[]): number {
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}

const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57P']; // connection, insufficient resources, operator intervention
const TRANSIENT_SQLSTATES = ['40001', '40P01']; // serialization failure, deadlock
const TRANSIENT_NODE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'];

/**
 * Whether an error says the infrastructure (database connection, lock conflict) failed rather than
 * the handler's logic: such a failure is retried without counting towards dead-lettering.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; sqlState?: unknown; cause?: unknown; message?: unknown };
    for (const code of [candidate.code, candidate.sqlState]) {
      if (typeof code !== 'string') continue;
      if (TRANSIENT_SQLSTATES.includes(code) || TRANSIENT_NODE_CODES.includes(code)) return true;
      if (code.length === 5 && TRANSIENT_SQLSTATE_CLASSES.some((c) => code.startsWith(c))) return true;
    }
    if (
      typeof candidate.message === 'string' &&
      /Connection terminated|connection is closed|timeout exceeded when trying to connect/i.test(candidate.message)
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}

import type { DatabasePoolSettings } from '@cs/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusLogger } from './bus-logger.util.js';

export interface OutboxRelayOptions {
  /** The service's own database (where cs_outbox lives); the relay opens a small pool of its own. */
  databaseUrl: string;
  nc: NatsConnection;
  /** The CloudEvents source of this service, e.g. "/cs/orders". */
  source: string;
  subjectPrefix?: string;
  /** Rows claimed per round. Default 100. */
  batchSize?: number;
  /** Rounds publishing at once (each claims other aggregates, so per-aggregate order holds). Default 4. */
  roundsInFlight?: number;
  /** How often it looks for rows without being woken (rows other processes wrote). Default 1000. */
  pollIntervalMs?: number;
  /** How long to wait for JetStream to acknowledge one publish. Default 5000. */
  publishTimeoutMs?: number;
  /**
   * How long a claim is this relay's alone. A relay killed mid-round delays its claimed aggregates
   * by at most this much; it must exceed publishTimeoutMs + 1 s. Default 15000.
   */
  leaseMs?: number;
  /** The longest pause after failures (for the relay as a whole and for one aggregate). Default 30000. */
  maxBackoffMs?: number;
  /** Timeouts of the relay's pool (DB_* settings); its size and application_name are its own. */
  database?: DatabasePoolSettings;
  logger?: BusLogger;
}

export interface OutboxRelayStats {
  running: boolean;
  rounds: number;
  published: number;
  /** Publishes JetStream recognised as re-publishes (same Nats-Msg-Id within the duplicate window). */
  duplicates: number;
  failed: number;
  /** Aggregates whose next publish waits for a retry (after this relay's failures). */
  backingOff: number;
  lastPublishedAt?: Date;
  lastError?: string;
}

export function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`OutboxRelay: ${name} must be a positive number, got ${value}`);
  return value;
}

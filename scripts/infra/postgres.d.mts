import type { ExitResult, OwnedChild } from './processes.mjs';

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  source: 'CS_POSTGRES_URL' | 'PGHOST/PGPORT' | 'default';
}
export type PostgresProbe =
  | { status: 'absent' }
  | { status: 'ready'; version: string }
  | { status: 'unusable'; error: string };
export interface EnsuredPostgres {
  target: PostgresTarget;
  /** Server URL, database `postgres`. */
  url: string;
  /** True when this call started an embedded server (then stop() stops it). */
  embedded: boolean;
  version?: string;
  dataDir?: string;
  exited?: Promise<ExitResult>;
  stop(): Promise<void>;
}

export const POSTGRES_DEFAULTS: Readonly<{ host: string; port: number; user: string }>;
export function resolvePostgresTarget(env?: NodeJS.ProcessEnv): PostgresTarget;
export function postgresUrl(
  target: Pick<PostgresTarget, 'host' | 'port' | 'user' | 'password'>,
  database?: string,
): string;
export function probePostgres(
  target: Pick<PostgresTarget, 'host' | 'port' | 'user' | 'password'>,
  options?: { timeoutMs?: number },
): Promise<PostgresProbe>;
export function ensurePostgres(options?: {
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  log?: (message: string) => void;
  onServerLine?: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<EnsuredPostgres>;
export function startEmbeddedPostgres(options: {
  host?: string;
  port: number;
  user?: string;
  dataDir: string;
  onServerLine?: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<{ dataDir: string; child: OwnedChild; exited: Promise<ExitResult>; stop(): Promise<void> }>;

import type { ExitResult } from './processes.mjs';

export interface NatsTarget {
  host: string;
  port: number;
  url: string;
  /** 'own': npm start's authenticated server (nats-own.mjs). */
  source: 'NATS_URL' | 'default' | 'own';
}
export type NatsProbe =
  | { status: 'absent' }
  | { status: 'ready'; version: string }
  | { status: 'unusable'; reason: string };
export interface EnsuredNats {
  target: NatsTarget;
  /** True when this call started nats-server (then stop() stops it). */
  embedded: boolean;
  version?: string;
  binary?: string;
  storeDir?: string;
  exited?: Promise<ExitResult>;
  stop(): Promise<void>;
}

export const NATS_DEFAULT_URL: string;
export const NATS_INSTALL_HINTS: readonly string[];
export class NatsServerNotFoundError extends Error {
  constructor(where: string, searched: string);
}
export function resolveNatsTarget(env?: NodeJS.ProcessEnv): NatsTarget;
export function probeNats(
  target: Pick<NatsTarget, 'host' | 'port'>,
  options?: { timeoutMs?: number },
): Promise<NatsProbe>;
export function findOnPath(name: string, pathValue?: string): Promise<string | null>;
export function ensureNats(options?: {
  env?: NodeJS.ProcessEnv;
  storeDir?: string;
  log?: (message: string) => void;
  onServerLine?: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<EnsuredNats>;
export function startNatsServer(
  binary: string,
  args: readonly string[],
  target: Pick<NatsTarget, 'host' | 'port'>,
  options?: {
    env?: NodeJS.ProcessEnv;
    serverEnv?: Record<string, string>;
    onServerLine?: (line: string) => void;
    startTimeoutMs?: number;
  },
): Promise<{ version?: string; exited: Promise<ExitResult>; stop(): Promise<void> }>;

import type { EnsuredNats } from './nats.mjs';

export const NATS_OWN_DEFAULT_PORT: number;
export function ownNatsTarget(env?: NodeJS.ProcessEnv): { host: string; port: number; url: string; source: 'own' };
export interface OwnNats extends EnsuredNats {
  embedded: true;
  binary: string;
  storeDir: string;
  configFile: string;
  usersFile: string;
  /** The password of every service and of the integrator. */
  credentials: Record<string, string>;
}
export function ensureOwnNats(options: {
  env?: NodeJS.ProcessEnv;
  dir?: string;
  services: readonly string[];
  log?: (message: string) => void;
  onServerLine?: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<OwnNats | null>;
export function ensureNatsForStart(options: {
  env?: NodeJS.ProcessEnv;
  dir?: string;
  services: readonly string[];
  log?: (message: string) => void;
  onServerLine?: (line: string) => void;
}): Promise<EnsuredNats | OwnNats>;

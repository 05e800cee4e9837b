import type { PostgresTarget } from './postgres.mjs';

export interface ServiceSpec {
  name: 'inquiry' | 'orders' | 'aftersales' | 'complaints' | 'care' | 'knowledge';
  httpPort: number;
  grpcPort: number;
}
export const SERVICES: readonly ServiceSpec[];
export interface StartSettings {
  portOffset: number;
  databasePrefix: string;
  bindHost: string;
  localDir: string;
}
export function startSettings(env: NodeJS.ProcessEnv, root: string): StartSettings;
export function withOffset(services: readonly ServiceSpec[], portOffset: number): ServiceSpec[];
export function selectServices(names: readonly string[]): ServiceSpec[];
export function serviceEnv(
  service: ServiceSpec,
  options: {
    baseEnv?: NodeJS.ProcessEnv;
    postgresTarget: Pick<PostgresTarget, 'host' | 'port' | 'user' | 'password'>;
    natsUrl: string;
    /** This service's password on start.mjs's own NATS server (its user is its name). */
    natsPassword?: string;
    /** Databases are <prefix><service> (default cs_). */
    databasePrefix?: string;
    /** Added to the peers' gRPC ports in <PEER>_GRPC_ADDRESS. */
    portOffset?: number;
  },
): NodeJS.ProcessEnv;
export function serviceArgs(service: ServiceSpec): string[];
/** Environment every service process gets (glibc malloc tuning; see services.mjs). */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>>;
/** The file a service runs, relative to the repository root: its bundle. */
export function serviceEntry(name: ServiceSpec['name']): string;

import type { PostgresTarget } from './postgres.mjs';

export interface ServiceSpec {
  name: 'inquiry' | 'orders' | 'aftersales' | 'complaints' | 'care' | 'knowledge';
  httpPort: number;
  grpcPort: number;
}
export const SERVICES: readonly ServiceSpec[];
export function selectServices(names: readonly string[]): ServiceSpec[];
export function serviceEnv(
  service: ServiceSpec,
  options: {
    baseEnv?: NodeJS.ProcessEnv;
    postgresTarget: Pick<PostgresTarget, 'host' | 'port' | 'user' | 'password'>;
    natsUrl: string;
    /** This service's password on start.mjs's own NATS server (its user is its name). */
    natsPassword?: string;
  },
): NodeJS.ProcessEnv;
export function serviceArgs(service: ServiceSpec): string[];

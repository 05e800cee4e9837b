/** A literal password, or the environment variable the server reads it from. */
export type NatsPassword = string | { env: string };
export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[] };
}
export interface NatsUser {
  user: string;
  role: 'service' | 'integrator' | 'jetstream-admin';
  password: NatsPassword | undefined;
  permissions: NatsPermissions;
}
export interface NatsAuthorization {
  users: NatsUser[];
}

export const INTEGRATOR_USER: 'integrator';
export const JETSTREAM_ADMIN_USER: 'nack';
export function serviceInboxPrefix(service: string): string;
export function passwordVariable(user: string): string;
export function natsAuthorization(
  services: readonly string[],
  options?: {
    subjectPrefix?: string;
    password?: (user: string) => NatsPassword | undefined;
    /** Adds the `nack` user, which manages JetStream (the NACK controller in Kubernetes). */
    jetstreamAdmin?: boolean;
  },
): NatsAuthorization;
export function renderAuthorization(authorization: NatsAuthorization): string;
export function renderNatsConfig(
  authorization: NatsAuthorization,
  options: { host?: string; port?: number; storeDir: string; monitorPort?: number },
): string;

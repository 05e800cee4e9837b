import { envInt, envObject, platformEnvShape, type ServiceDefaults } from '@cs/config';

/** The platform's variables plus the after-sales desk's own. */
export function aftersalesConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    // 查件: a parcel with no tracking update for this long gets a chase task.
    AFTERSALES_CHASE_STALE_AFTER_HOURS: envInt(1, 720).default(24),
    // How often each replica looks for silent parcels.
    AFTERSALES_CHASE_POLL_MS: envInt(50).default(60_000),
  }).transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type AftersalesConfig = ReturnType<ReturnType<typeof aftersalesConfigSchema>['parse']>;

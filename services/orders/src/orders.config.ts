import { envInt, envObject, platformEnvShape, type ServiceDefaults } from '@cs/config';

/** The platform's variables plus the order desk's own. */
export function ordersConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    // 催付: remind the customer of an unpaid order this long after it was placed.
    ORDERS_PAYMENT_REMINDER_AFTER_MINUTES: envInt(1).default(30),
    // How often each replica looks for due reminders.
    ORDERS_SCHEDULER_POLL_MS: envInt(50).default(5_000),
  }).transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type OrdersConfig = ReturnType<ReturnType<typeof ordersConfigSchema>['parse']>;

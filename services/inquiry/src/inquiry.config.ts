import { envEnum, envInt, envObject, envString, envVar, platformEnvShape, type ServiceDefaults } from '@cs/config';
import { HANDBOOK_SHIFTS, parseShifts } from './domain/business-hours.rule.js';
import { REPLY_CHECK_MODES } from './domain/reply-check.rule.js';

/** The platform's variables plus the front line's own. */
export function inquiryConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    // The order desk's gRPC address (Kubernetes: dns:///orders-grpc:50052).
    ORDERS_GRPC_ADDRESS: envString().default('127.0.0.1:50052'),
    // Knowledge's gRPC address, for the reply check (Kubernetes: dns:///knowledge-grpc:50056).
    KNOWLEDGE_GRPC_ADDRESS: envString().default('127.0.0.1:50056'),
    // A reply with negative wording or a forbidden term: refuse it, send it with a warning, or skip the check.
    INQUIRY_REPLY_CHECK: envEnum(REPLY_CHECK_MODES).default('refuse'),
    // How long a reply waits for the check before it is sent unchecked (fail open).
    INQUIRY_REPLY_CHECK_DEADLINE_MS: envInt(1, 5_000).default(50),
    // The shift calendar SLA clocks count in, shop time: HH:MM-HH:MM windows, comma-separated.
    INQUIRY_SHIFTS: envVar('HH:MM-HH:MM windows separated by commas, e.g. 08:00-12:00,12:00-17:30', (raw) =>
      parseShifts(raw) ? raw : undefined,
    ).default(HANDBOOK_SHIFTS),
    // After the order is confirmed, close the conversation once the customer has been quiet this long.
    INQUIRY_AUTO_CLOSE_QUIET_SECONDS: envInt(1).default(1_800),
    // How often each replica checks SLA clocks, auto-closes and drains team queues.
    INQUIRY_SCHEDULER_POLL_MS: envInt(50).default(5_000),
  }).transform((config) => ({
    ...config,
    natsServers: config.natsUrl.split(','),
    calendar: { timeZone: config.shopTimezone, shifts: parseShifts(config.inquiryShifts)! },
  }));
}

export type InquiryConfig = ReturnType<ReturnType<typeof inquiryConfigSchema>['parse']>;

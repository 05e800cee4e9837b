import { envEnum, envInt, envObject, envString, platformEnvShape, type ServiceDefaults } from '@cs/config';
import { campaignsEnvShape, refuseDevOptOutSecret } from './campaigns.config.js';

/** The platform's variables plus customer care's own rules (thresholds of the handbook's programmes). */
export function careConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    ...campaignsEnvShape,
    // Lifecycle stage: paid orders from which a buyer is returning (回头客) and loyal.
    CARE_RETURNING_MIN_PAID_ORDERS: envInt(2, 1000).default(2),
    CARE_LOYAL_MIN_PAID_ORDERS: envInt(3, 1000).default(5),
    // Tiers by total spend (fen) or by points balance; thresholds in that unit.
    CARE_TIER_BASIS: envEnum(['spend', 'points'] as const).default('spend'),
    CARE_TIER_SILVER_FROM: envInt(1).default(100_000),
    CARE_TIER_GOLD_FROM: envInt(1).default(500_000),
    CARE_TIER_PLATINUM_FROM: envInt(1).default(2_000_000),
    // 折上折: each tier's extra discount, basis points.
    CARE_SILVER_EXTRA_DISCOUNT_BP: envInt(0, 5000).default(200),
    CARE_GOLD_EXTRA_DISCOUNT_BP: envInt(0, 5000).default(500),
    CARE_PLATINUM_EXTRA_DISCOUNT_BP: envInt(0, 5000).default(800),
    // Points earned per whole yuan paid.
    CARE_POINTS_PER_YUAN: envInt(0, 100).default(1),
    // 回头客 programme: a coupon once the buyer reaches this many paid orders.
    CARE_RETURNING_COUPON_AT_PAID_ORDERS: envInt(2, 1000).default(2),
    // Revisits: how long after a case closes; a complaint names its own due time, this is the fallback.
    CARE_REVISIT_AFTER_CASE_HOURS: envInt(0, 24 * 90).default(72),
    CARE_REVISIT_AFTER_COMPLAINT_HOURS: envInt(0, 24 * 90).default(72),
    // Key customers (tier at or above, or carrying the tag) get a periodic revisit this often.
    CARE_KEY_CUSTOMER_MIN_TIER: envEnum(['silver', 'gold', 'platinum'] as const).default('gold'),
    CARE_KEY_CUSTOMER_TAG: envString().default('key-customer'),
    CARE_KEY_CUSTOMER_REVISIT_DAYS: envInt(1, 365).default(90),
    // Surveys: a score at or below these opens a revisit (CSAT 1..5, NPS 0..10).
    CARE_LOW_CSAT_AT_MOST: envInt(1, 5).default(2),
    CARE_LOW_NPS_AT_MOST: envInt(0, 10).default(6),
    // Where a revisit that finds a new problem raises it (with care's service token).
    COMPLAINTS_GRPC_ADDRESS: envString().default('127.0.0.1:50054'),
    AFTERSALES_GRPC_ADDRESS: envString().default('127.0.0.1:50053'),
    // NPS: every this many days a random sample of buyers is asked (0: only StartNpsRound).
    CARE_NPS_EVERY_DAYS: envInt(0, 365).default(30),
    CARE_NPS_SAMPLE_SIZE: envInt(1, 10_000).default(200),
    // How often each replica looks for due work (periodic revisits).
    CARE_DUE_WORK_POLL_MS: envInt(50).default(60_000),
  })
    .superRefine(refuseDevOptOutSecret)
    .transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type CareConfig = ReturnType<ReturnType<typeof careConfigSchema>['parse']>;

import { blobStoreEnvShape, envInt, envObject, envString, platformEnvShape, type ServiceDefaults } from '@cs/config';
import { evidenceRequestBytes } from './domain/evidence-limits.rule.js';

/** The platform's variables plus the after-sales desk's own. */
export function aftersalesConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    // Evidence photos travel inline: the default lets a full AttachEvidence (9 × 3 MiB, base64 in JSON) through.
    MAX_REQUEST_BYTES: envInt(1024, 64 << 20).default(evidenceRequestBytes()),
    // Evidence photo bytes: an S3-compatible bucket, a directory (npm start) or PostgreSQL (evidence_objects).
    ...blobStoreEnvShape(),
    // The courier status feed: the shared HMAC secret (unset: the feed refuses every delivery) and how
    // far a delivery's timestamp may be from this clock before it counts as a replay.
    COURIER_FEED_SECRET: envString().optional(),
    COURIER_FEED_TOLERANCE_SECONDS: envInt(1, 3600).default(300),
    // 查件: a parcel with no tracking update for this long gets a chase task.
    AFTERSALES_CHASE_STALE_AFTER_HOURS: envInt(1, 720).default(24),
    // How often each replica looks for silent parcels.
    AFTERSALES_CHASE_POLL_MS: envInt(50).default(60_000),
  }).transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type AftersalesConfig = ReturnType<ReturnType<typeof aftersalesConfigSchema>['parse']>;

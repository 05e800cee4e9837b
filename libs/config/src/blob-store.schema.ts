import { envString, envUrl } from './env-var.js';

/**
 * Where a service that keeps files (evidence photos) puts them: an S3-compatible bucket when
 * BLOB_S3_ENDPOINT is set, else the directory BLOB_DIR (npm start), else its own PostgreSQL database.
 * Spread into a service's schema like platformEnvShape.
 */
export function blobStoreEnvShape() {
  return {
    BLOB_DIR: envString().optional(),
    BLOB_S3_ENDPOINT: envUrl().optional(),
    BLOB_S3_BUCKET: envString().optional(),
    BLOB_S3_REGION: envString().default('us-east-1'),
    BLOB_S3_ACCESS_KEY_ID: envString().optional(),
    BLOB_S3_SECRET_ACCESS_KEY: envString().optional(),
  };
}

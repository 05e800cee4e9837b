import type { BlobStore } from './blob-store.js';
import { FilesystemBlobStore } from './filesystem-blob.store.js';
import { PostgresBlobStore } from './postgres-blob.store.js';
import { S3BlobStore } from './s3-blob.store.js';

/** The config of @cs/config's blobStoreEnvShape, camelCased. */
export interface BlobStoreSettings {
  blobDir?: string;
  blobS3Endpoint?: string;
  blobS3Bucket?: string;
  blobS3Region: string;
  blobS3AccessKeyId?: string;
  blobS3SecretAccessKey?: string;
}

/** S3 when an endpoint is set, else the directory, else the service's PostgreSQL table `table`. */
export function blobStoreFrom(settings: BlobStoreSettings, table: string): BlobStore {
  const { blobS3Endpoint: endpoint, blobS3Bucket: bucket, blobS3AccessKeyId, blobS3SecretAccessKey } = settings;
  if (endpoint) {
    if (!bucket || !blobS3AccessKeyId || !blobS3SecretAccessKey)
      throw new Error(
        'BLOB_S3_ENDPOINT is set: BLOB_S3_BUCKET, BLOB_S3_ACCESS_KEY_ID and BLOB_S3_SECRET_ACCESS_KEY are required too',
      );
    return new S3BlobStore({
      endpoint,
      bucket,
      region: settings.blobS3Region,
      accessKeyId: blobS3AccessKeyId,
      secretAccessKey: blobS3SecretAccessKey,
    });
  }
  return settings.blobDir ? new FilesystemBlobStore(settings.blobDir) : new PostgresBlobStore(table);
}

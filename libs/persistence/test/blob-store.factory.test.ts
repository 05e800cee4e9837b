import { describe, expect, it } from 'vitest';
import { blobStoreFrom } from '../src/blob-store.factory.js';
import { FilesystemBlobStore } from '../src/filesystem-blob.store.js';
import { PostgresBlobStore } from '../src/postgres-blob.store.js';
import { S3BlobStore } from '../src/s3-blob.store.js';

const s3 = {
  blobS3Endpoint: 'http://minio:9000',
  blobS3Bucket: 'evidence',
  blobS3AccessKeyId: 'id',
  blobS3SecretAccessKey: 'secret',
};

describe('blobStoreFrom: S3 when configured, else the directory, else PostgreSQL', () => {
  it('picks the store the settings name', () => {
    expect(blobStoreFrom({ blobS3Region: 'us-east-1' }, 'evidence_objects')).toBeInstanceOf(PostgresBlobStore);
    expect(blobStoreFrom({ blobS3Region: 'us-east-1', blobDir: '/tmp/x' }, 't')).toBeInstanceOf(FilesystemBlobStore);
    expect(blobStoreFrom({ blobS3Region: 'us-east-1', blobDir: '/tmp/x', ...s3 }, 't')).toBeInstanceOf(S3BlobStore);
  });

  it('refuses an S3 endpoint without its bucket and keys, naming them', () => {
    expect(() => blobStoreFrom({ blobS3Region: 'us-east-1', ...s3, blobS3SecretAccessKey: undefined }, 't')).toThrow(
      /BLOB_S3_SECRET_ACCESS_KEY/,
    );
  });
});

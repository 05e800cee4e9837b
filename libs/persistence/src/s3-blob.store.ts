import type { BlobStore, StoredBlob } from './blob-store.js';
import { type S3Credentials, signS3Request } from './s3-signature.js';

export interface S3BlobStoreOptions extends S3Credentials {
  /** e.g. https://s3.eu-central-1.amazonaws.com, https://oss-cn-hangzhou.aliyuncs.com, http://minio:9000 */
  endpoint: string;
  bucket: string;
}

// Same key rule as the filesystem store: plain segments, nothing that needs URL escaping.
const keyPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * Files in an S3-compatible bucket (path-style URLs, Signature V4). Outside the database: a write
 * completes before the caller's transaction commits (see BlobStore).
 */
export class S3BlobStore implements BlobStore {
  constructor(private readonly options: S3BlobStoreOptions) {}

  async put(_em: unknown, key: string, blob: StoredBlob): Promise<void> {
    const url = this.urlOf(key);
    const headers = signS3Request('PUT', url, { 'content-type': blob.contentType }, blob.content, this.options);
    const response = await fetch(url, { method: 'PUT', headers, body: blob.content });
    if (!response.ok) throw new Error(`S3 PUT ${key}: ${response.status} ${await response.text()}`);
  }

  async get(_em: unknown, key: string): Promise<StoredBlob | undefined> {
    const url = this.urlOf(key);
    const response = await fetch(url, { headers: signS3Request('GET', url, {}, undefined, this.options) });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`S3 GET ${key}: ${response.status} ${await response.text()}`);
    return {
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      content: new Uint8Array(await response.arrayBuffer()),
    };
  }

  private urlOf(key: string): URL {
    if (!keyPattern.test(key) || key.split('/').includes('..')) throw new Error(`not a plain blob key: ${key}`);
    return new URL(`${this.options.endpoint.replace(/\/$/, '')}/${this.options.bucket}/${key}`);
  }
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../src/s3-blob.store.js';
import { signS3Request } from '../src/s3-signature.js';

// s3rver: an S3-compatible server in this process, checking Signature V4 with its built-in key pair.
let server: S3rver;
let dir: string;
let endpoint: string;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cs-s3rver-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'evidence' }],
  });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('S3BlobStore against an S3-compatible server', () => {
  it('gives back a 3 MiB photo and its content type, and nothing for an unknown key', async () => {
    const store = new S3BlobStore({ endpoint, bucket: 'evidence', ...credentials });
    const content = new Uint8Array(randomBytes(3 * 1024 * 1024));
    await store.put(undefined, 'cases/1/evidence/a', { contentType: 'image/jpeg', content });
    expect(await store.get(undefined, 'cases/1/evidence/a')).toEqual({ contentType: 'image/jpeg', content });
    expect(await store.get(undefined, 'cases/1/evidence/missing')).toBeUndefined();
  });

  it('refuses keys that are not plain segments', async () => {
    const store = new S3BlobStore({ endpoint, bucket: 'evidence', ...credentials });
    const blob = { contentType: 'image/png', content: new Uint8Array([1, 2, 3]) };
    await expect(store.put(undefined, '../x', blob)).rejects.toThrow(/not a plain blob key/);
    await expect(store.get(undefined, 'a/../b')).rejects.toThrow(/not a plain blob key/);
  });
});

// s3rver does not check V4 signatures: the signer is checked against AWS's published example instead.
describe('S3 Signature V4', () => {
  it("matches AWS's GET Object example (examplebucket, test.txt, Range bytes=0-9)", () => {
    const headers = signS3Request(
      'GET',
      new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      { Range: 'bytes=0-9' },
      undefined,
      {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
      },
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

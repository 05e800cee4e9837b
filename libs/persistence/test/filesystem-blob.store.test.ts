import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemBlobStore } from '../src/filesystem-blob.store.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cs-blobs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('FilesystemBlobStore', () => {
  it('gives back the bytes and content type it stored, and nothing for an unknown key', async () => {
    const store = new FilesystemBlobStore(dir);
    const content = new Uint8Array(randomBytes(3 * 1024 * 1024));
    await store.put(undefined, 'cases/1/evidence/a', { contentType: 'image/jpeg', content });
    expect(await store.get(undefined, 'cases/1/evidence/a')).toEqual({ contentType: 'image/jpeg', content });
    // A second instance over the same directory (a restarted service) reads what the first wrote.
    expect((await new FilesystemBlobStore(dir).get(undefined, 'cases/1/evidence/a'))?.content).toEqual(content);
    expect(await store.get(undefined, 'cases/1/evidence/missing')).toBeUndefined();
    // Written under temporary names and renamed: none is left behind.
    expect((await readdir(join(dir, 'cases/1/evidence'))).sort()).toEqual(['a', 'a.content-type']);
  });

  it('refuses keys that could leave its directory', async () => {
    const store = new FilesystemBlobStore(join(dir, 'inner'));
    const blob = { contentType: 'image/png', content: new Uint8Array([1]) };
    for (const key of ['../escape', 'a/../../b', '/abs', 'a//b', '.hidden/x', '']) {
      await expect(store.put(undefined, key, blob), key).rejects.toThrow(/not a plain blob key/);
    }
    await expect(store.get(undefined, '../x')).rejects.toThrow(/not a plain blob key/);
  });
});

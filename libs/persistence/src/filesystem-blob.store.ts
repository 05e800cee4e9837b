import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { BlobStore, StoredBlob } from './blob-store.js';

// Keys are slash-separated plain names: nothing can climb out of the store's directory.
const segmentPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

function checkedKey(key: string): string[] {
  const segments = key.split('/');
  if (!segments.every((s) => segmentPattern.test(s) && s !== '..')) throw new Error(`not a plain blob key: ${key}`);
  return segments;
}

/**
 * Files in a local directory (`npm start`, a single machine). Each write goes to a temporary name
 * and is renamed into place, content first and its type last: `get` sees a whole blob or none.
 */
export class FilesystemBlobStore implements BlobStore {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(_em: unknown, key: string, blob: StoredBlob): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await this.writeAtomically(path, blob.content);
    await this.writeAtomically(`${path}.content-type`, blob.contentType);
  }

  async get(_em: unknown, key: string): Promise<StoredBlob | undefined> {
    const path = this.pathOf(key);
    try {
      const contentType = await readFile(`${path}.content-type`, 'utf8');
      return { contentType, content: new Uint8Array(await readFile(path)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private pathOf(key: string): string {
    return join(this.root, ...checkedKey(key));
  }

  private async writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }
}

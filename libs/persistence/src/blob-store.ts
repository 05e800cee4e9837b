import type { EntityManager } from '@mikro-orm/postgresql';

export interface StoredBlob {
  contentType: string;
  content: Uint8Array;
}

/**
 * Where a service keeps files (evidence photos…) apart from its rows. `em` is the caller's
 * transaction: a store inside the database joins it; one outside writes before the commit, so a
 * committed row never points at a missing file (a rolled-back write leaves an unreferenced file).
 */
export interface BlobStore {
  put(em: EntityManager, key: string, blob: StoredBlob): Promise<void>;
  get(em: EntityManager, key: string): Promise<StoredBlob | undefined>;
}

import type { BlobStore, StoredBlob } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';

export type StoredObject = StoredBlob;

/**
 * Where evidence photo bytes live, apart from the case rows: PostgreSQL (evidence_objects) or a
 * directory (BLOB_DIR, npm start); see BlobStore for how a write relates to the case transaction.
 * An abstract class so Nest can inject it; any BlobStore fits.
 */
export abstract class EvidenceStore implements BlobStore {
  abstract put(em: EntityManager, key: string, object: StoredObject): Promise<void>;
  abstract get(em: EntityManager, key: string): Promise<StoredObject | undefined>;
}

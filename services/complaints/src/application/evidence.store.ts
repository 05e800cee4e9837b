import type { EntityManager } from '@mikro-orm/postgresql';

export interface StoredObject {
  contentType: string;
  content: Uint8Array;
}

/**
 * Object storage for evidence photos (same pattern as after-sales). Writes join the caller's
 * transaction (em), so a file never points at a photo that was not stored. The default keeps the
 * bytes in PostgreSQL; an S3/OSS implementation can replace it in the module.
 */
export abstract class EvidenceStore {
  abstract put(em: EntityManager, key: string, object: StoredObject): Promise<void>;
  abstract get(em: EntityManager, key: string): Promise<StoredObject | undefined>;
}

export const evidenceKey = (complaintId: string, evidenceId: string) =>
  `complaints/${complaintId}/evidence/${evidenceId}`;

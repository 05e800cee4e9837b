import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EvidenceStore, type StoredObject } from '../application/evidence.store.js';

/** Evidence photos as bytea rows in the service's own database: no extra infrastructure to run. */
@Injectable()
export class PostgresEvidenceStore extends EvidenceStore {
  async put(em: EntityManager, key: string, object: StoredObject): Promise<void> {
    await em.execute('insert into evidence_objects (key, content_type, content) values (?, ?, ?)', [
      key,
      object.contentType,
      Buffer.from(object.content),
    ]);
  }

  async get(em: EntityManager, key: string): Promise<StoredObject | undefined> {
    const rows = await em.execute<{ content_type: string; content: Buffer }[]>(
      'select content_type, content from evidence_objects where key = ?',
      [key],
    );
    const row = rows[0];
    return row ? { contentType: row.content_type, content: new Uint8Array(row.content) } : undefined;
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ErasureRequest } from '../domain/erasure-request.js';

/** The register of erasure requests: who ordered which customer forgotten, when and why. */
@Injectable()
export class ErasureRequestStore {
  async add(em: EntityManager, request: ErasureRequest): Promise<void> {
    await em.execute(
      `insert into erasure_requests (erasure_id, customer_id, reason, requested_by, requested_at)
       values (?, ?, ?, ?, ?)`,
      [request.erasureId, request.customerId, request.reason, request.requestedBy, request.requestedAt],
    );
  }
}

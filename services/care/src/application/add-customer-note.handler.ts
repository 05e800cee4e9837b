import type { Actor } from '@cs/auth';
import type { AddCustomerNoteRequest, AddCustomerNoteResponse } from '@cs/contracts/cs/care/v1/customers_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { checkCustomerId, checkLength } from './field-checks.js';
import { toTimestamp } from './timestamps.js';

/** A note on the customer's file; the author is the caller (from the token), never the request. */
@Injectable()
export class AddCustomerNoteHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
  ) {}

  execute(request: AddCustomerNoteRequest, actor: Actor): Promise<AddCustomerNoteResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    checkLength(violations, 'body', request.body, 1, 2000);
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'AddCustomerNote', request, async (em) => {
      if (!(await this.profiles.lock(em, request.customerId))) throw new NotFound('customer', request.customerId);
      const note = await this.profiles.addNote(em, request.customerId, {
        body: request.body.trim(),
        authorId: actor.agentId,
        authorName: actor.name,
        createdAt: new Date(),
      });
      return {
        response: { note: { ...note, customerId: request.customerId, createdAt: toTimestamp(note.createdAt) } },
      };
    });
  }
}

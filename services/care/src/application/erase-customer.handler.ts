import { randomUUID } from 'node:crypto';
import type { Actor } from '@cs/auth';
import { Outbox } from '@cs/bus';
import type { EraseCustomerRequest, EraseCustomerResponse } from '@cs/contracts/cs/care/v1/privacy_service';
import { IdempotencyStore, runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkErasureRequest } from '../domain/erasure-request.js';
import { ErasureRequestStore } from '../infrastructure/erasure-request.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { RevisitStore } from '../infrastructure/revisit.store.js';
import { SurveyStore } from '../infrastructure/survey.store.js';

/**
 * Records the erasure and tells every service, in one transaction (outbox). Care anonymises its own
 * copies in the same transaction (it publishes the event, it does not consume it): profile names,
 * phone and email, contact channels, notes, survey comments and revisit notes; figures stay.
 */
@Injectable()
export class EraseCustomerHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: ErasureRequestStore,
    private readonly profiles: ProfileStore,
    private readonly surveys: SurveyStore,
    private readonly revisits: RevisitStore,
    private readonly messages: OutboundMessageStore,
  ) {}

  execute(request: EraseCustomerRequest, actor: Actor): Promise<EraseCustomerResponse> {
    checkErasureRequest(request.customerId, request.reason, request.idempotencyKey);
    return runIdempotent(this.orm, 'EraseCustomer', request, async (em) => {
      const erasure = {
        erasureId: randomUUID(),
        customerId: request.customerId,
        reason: request.reason,
        requestedBy: actor.subject,
        requestedAt: new Date(),
      };
      await this.store.add(em, erasure);
      await this.profiles.erase(em, erasure.customerId, erasure.requestedAt);
      await this.surveys.eraseComments(em, erasure.customerId);
      await this.revisits.eraseNotes(em, erasure.customerId);
      await this.messages.eraseCustomer(em, erasure.customerId, erasure.requestedAt);
      // Stored outcomes of earlier commands (a note added, a profile updated) may quote the customer.
      await IdempotencyStore.retireOutcomesNaming(em, erasure.customerId);
      await Outbox.add(
        em,
        'cs.care.customer.erasure_requested',
        {
          erasureId: erasure.erasureId,
          customerId: erasure.customerId,
          requestedAt: { seconds: Math.floor(erasure.requestedAt.getTime() / 1000), nanos: 0 },
          requestedBy: erasure.requestedBy,
        },
        { aggregateId: erasure.customerId, aggregateVersion: 1 },
      );
      return { response: { erasureId: erasure.erasureId } };
    });
  }
}

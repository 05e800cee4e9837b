import type {
  RecordCustomerInterestRequest,
  RecordCustomerInterestResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkCustomerId, checkIdempotencyKey } from './campaign-field-checks.js';

/** An agent notes what a customer asked about in a conversation; segments can target it. */
@Injectable()
export class RecordCustomerInterestHandler {
  constructor(private readonly orm: MikroORM) {}

  execute(request: RecordCustomerInterestRequest): Promise<RecordCustomerInterestResponse> {
    const violations = new Violations();
    checkCustomerId(request.customerId, 'customer_id', violations);
    violations.require('interest', request.interest);
    if (request.interest.length > 100) violations.add('interest', 'must be at most 100 characters');
    violations.require('conversation_id', request.conversationId);
    if (request.conversationId.length > 200) violations.add('conversation_id', 'must be at most 200 characters');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'RecordCustomerInterest', request, async (em) => {
      await em.execute(
        `insert into customer_interests (customer_id, topic, conversation_id, recorded_at) values (?, ?, ?, ?)
         on conflict do nothing`,
        [request.customerId, request.interest.trim(), request.conversationId, new Date()],
      );
      return { response: {} };
    });
  }
}

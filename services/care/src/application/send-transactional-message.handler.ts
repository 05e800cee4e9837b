import type {
  SendTransactionalMessageRequest,
  SendTransactionalMessageResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkCustomerId, checkIdempotencyKey } from './campaign-field-checks.js';
import { channelOf, toWireState } from './campaign-wire.js';
import { TransactionalMessenger } from './transactional-messenger.js';

/** SendTransactionalMessage: checks the request, then the messenger decides and records, once per key. */
@Injectable()
export class SendTransactionalMessageHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly messenger: TransactionalMessenger,
  ) {}

  execute(request: SendTransactionalMessageRequest): Promise<SendTransactionalMessageResponse> {
    const violations = new Violations();
    checkCustomerId(request.customerId, 'customer_id', violations);
    const channel = channelOf(request.channel, 'channel', violations);
    violations.require('reference', request.reference);
    if (request.reference.length > 200) violations.add('reference', 'must be at most 200 characters');
    if (channel === 'email') violations.require('subject', request.subject, 'is required for email');
    if (request.subject.length > 200) violations.add('subject', 'must be at most 200 characters');
    violations.require('body', request.body);
    if (request.body.length > 2000) violations.add('body', 'must be at most 2000 characters');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'SendTransactionalMessage', request, async (em) => {
      const message = await this.messenger.send(em, {
        customerId: request.customerId,
        channel: channel as NonNullable<typeof channel>,
        reference: request.reference,
        subject: request.subject,
        body: request.body,
      });
      return { response: { messageId: message.messageId, state: toWireState(message.state) } };
    });
  }
}

import type { OptOutRequest, OptOutResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Channel } from '@cs/contracts/cs/care/v1/message';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import type { MessageChannel } from '../domain/message-channel.js';
import { readOptOutToken } from '../domain/opt-out-token.js';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { checkCustomerId } from './campaign-field-checks.js';
import { channelOf } from './campaign-wire.js';
import { toWireConsent } from './record-consent.handler.js';

/**
 * Opt-out of a channel, effective at once: every later decision (the next page of a run, a held
 * message released) reads it. Naturally idempotent: opting out twice keeps the first time.
 */
@Injectable()
export class OptOutHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly consents: ConsentStore,
    @Inject(CONFIG) private readonly config: CareConfig,
  ) {}

  async execute(request: OptOutRequest): Promise<OptOutResponse> {
    const violations = new Violations();
    let target: { customerId: string; channel: MessageChannel } | undefined;
    if (request.optOutToken) {
      if (request.customerId || (request.channel && request.channel !== Channel.CHANNEL_UNSPECIFIED))
        violations.add('opt_out_token', 'give the token or customer_id and channel, not both');
      target = readOptOutToken(this.config.careOptOutSecret, request.optOutToken);
      if (!target) violations.add('opt_out_token', 'is not a valid opt-out token');
    } else {
      checkCustomerId(request.customerId, 'customer_id', violations);
      const channel = channelOf(request.channel, 'channel', violations);
      if (channel) target = { customerId: request.customerId, channel };
    }
    violations.throwIfAny();
    const { customerId, channel } = target as NonNullable<typeof target>;
    const consent = await transactionWithRetry(this.orm, (em) =>
      this.consents.optOut(em, customerId, channel, new Date()),
    );
    return { consent: toWireConsent(consent) };
  }
}

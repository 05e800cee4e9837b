import type { RecordConsentRequest, RecordConsentResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConsentStore, type StoredConsent } from '../infrastructure/consent.store.js';
import { checkCustomerId, checkIdempotencyKey } from './campaign-field-checks.js';
import { channelOf, toTimestamp, toWireChannel } from './campaign-wire.js';

export const toWireConsent = (consent: StoredConsent) => ({
  channel: toWireChannel[consent.channel],
  marketingConsent: consent.marketingConsent,
  optedOut: consent.optedOut,
  updatedAt: toTimestamp(consent.updatedAt),
});

/** Consent to marketing on a channel, granted (with the address it covers) or withdrawn. */
@Injectable()
export class RecordConsentHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly consents: ConsentStore,
  ) {}

  execute(request: RecordConsentRequest): Promise<RecordConsentResponse> {
    const violations = new Violations();
    checkCustomerId(request.customerId, 'customer_id', violations);
    const channel = channelOf(request.channel, 'channel', violations);
    if (request.address.length > 200) violations.add('address', 'must be at most 200 characters');
    if (channel === 'email' && request.address && !/^[^\s@]+@[^\s@]+$/.test(request.address))
      violations.add('address', 'must be an email address');
    if (channel === 'sms' && request.address && !/^\+?\d{5,20}$/.test(request.address))
      violations.add('address', 'must be a phone number');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'RecordConsent', request, async (em) => {
      const consent = await this.consents.record(
        em,
        request.customerId,
        channel as NonNullable<typeof channel>,
        request.address,
        request.marketingConsent,
        new Date(),
      );
      return { response: { consent: toWireConsent(consent) } };
    });
  }
}

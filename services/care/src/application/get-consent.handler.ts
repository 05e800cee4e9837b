import type { GetConsentRequest, GetConsentResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { checkCustomerId } from './campaign-field-checks.js';
import { toWireConsent } from './record-consent.handler.js';

@Injectable()
export class GetConsentHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly consents: ConsentStore,
  ) {}

  async execute(request: GetConsentRequest): Promise<GetConsentResponse> {
    const violations = new Violations();
    checkCustomerId(request.customerId, 'customer_id', violations);
    violations.throwIfAny();
    const consents = await this.consents.of(this.orm.em.fork(), request.customerId);
    return { consents: consents.map(toWireConsent) };
  }
}

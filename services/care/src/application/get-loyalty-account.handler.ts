import type { GetLoyaltyAccountRequest, GetLoyaltyAccountResponse } from '@cs/contracts/cs/care/v1/loyalty_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { checkCustomerId } from './field-checks.js';
import { LoyaltyAccountReader } from './loyalty-account.reader.js';

@Injectable()
export class GetLoyaltyAccountHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
    private readonly accounts: LoyaltyAccountReader,
  ) {}

  async execute(request: GetLoyaltyAccountRequest): Promise<GetLoyaltyAccountResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const profile = await this.profiles.find(em, request.customerId);
    if (!profile) throw new NotFound('customer', request.customerId);
    return { account: await this.accounts.read(em, profile) };
  }
}

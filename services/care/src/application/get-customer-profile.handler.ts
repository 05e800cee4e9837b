import type { GetCustomerProfileRequest, GetCustomerProfileResponse } from '@cs/contracts/cs/care/v1/customers_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { checkCustomerId } from './field-checks.js';
import { profileToProto } from './proto-mapping.js';

@Injectable()
export class GetCustomerProfileHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
  ) {}

  async execute(request: GetCustomerProfileRequest): Promise<GetCustomerProfileResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const profile = await this.profiles.find(em, request.customerId);
    if (!profile) throw new NotFound('customer', request.customerId);
    const [channels, notes] = await Promise.all([
      this.profiles.channels(em, request.customerId),
      this.profiles.notes(em, request.customerId),
    ]);
    return { profile: profileToProto(profile, channels, notes) };
  }
}

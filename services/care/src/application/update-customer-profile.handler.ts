import type { Actor } from '@cs/auth';
import type {
  UpdateCustomerProfileRequest,
  UpdateCustomerProfileResponse,
} from '@cs/contracts/cs/care/v1/customers_service';
import { ConcurrentEdit, NotFound } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { CustomerFiguresUpdater } from './customer-figures.updater.js';
import { channelFromProto, profileToProto } from './proto-mapping.js';
import { validateUpdateCustomerProfile } from './update-customer-profile.validator.js';

/** What care agents keep by hand on a profile: tags, group (买家群体特征分类), email, contact channels. */
@Injectable()
export class UpdateCustomerProfileHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
    private readonly figures: CustomerFiguresUpdater,
  ) {}

  execute(request: UpdateCustomerProfileRequest, _actor: Actor): Promise<UpdateCustomerProfileResponse> {
    validateUpdateCustomerProfile(request);
    return runIdempotent(this.orm, 'UpdateCustomerProfile', request, async (em) => {
      const profile = await this.profiles.lock(em, request.customerId);
      if (!profile) throw new NotFound('customer', request.customerId);
      if (request.expectedVersion && request.expectedVersion !== profile.version)
        throw new ConcurrentEdit(`profile ${request.customerId} is at version ${profile.version}`);
      const now = new Date();
      await this.profiles.updateByHand(em, request.customerId, {
        tags: request.setTags ? [...new Set(request.tags.map((tag) => tag.trim()))] : undefined,
        groupName: request.setGroup ? request.group.trim() : undefined,
        email: request.setEmail ? request.email.trim() : undefined,
      });
      if (request.setEmail && request.email)
        await this.profiles.addChannel(em, request.customerId, 'email', request.email.trim(), now);
      for (const channel of request.addContactChannels) {
        const name = channelFromProto(channel.kind);
        if (name) await this.profiles.addChannel(em, request.customerId, name, channel.address.trim(), now);
      }
      // A key-customer tag starts (or ends) the periodic revisits.
      await this.figures.update(em, request.customerId, now);
      const updated = await this.profiles.find(em, request.customerId);
      const [channels, notes] = [
        await this.profiles.channels(em, request.customerId),
        await this.profiles.notes(em, request.customerId),
      ];
      return { response: { profile: profileToProto(updated ?? profile, channels, notes) } };
    });
  }
}

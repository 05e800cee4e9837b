import type { DueWork } from '@cs/scheduler';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { isKeyCustomer, keyCustomerPeriod } from '../domain/revisit.rule.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { RevisitPlanner } from './revisit-planner.js';

const DAY = 86_400_000;

/**
 * Periodic revisits for key customers (tier at or above CARE_KEY_CUSTOMER_MIN_TIER, or tagged
 * CARE_KEY_CUSTOMER_TAG): each due profile gets one revisit per period and its next due time;
 * a customer no longer key drops out. Run by the shared due-work scheduler (libs/scheduler).
 */
@Injectable()
export class KeyCustomerRevisitsWork implements DueWork {
  readonly name = 'care-key-customer-revisit';
  readonly table = 'customer_profiles';
  readonly idColumn = 'customer_id';
  readonly dueColumn = 'key_revisit_due_at';

  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly profiles: ProfileStore,
    private readonly planner: RevisitPlanner,
  ) {}

  async handle(em: EntityManager, customerId: string, now: Date): Promise<void> {
    const profile = await this.profiles.find(em, customerId);
    const config = this.config;
    if (
      !profile ||
      !isKeyCustomer(profile.tier, profile.tags, config.careKeyCustomerMinTier, config.careKeyCustomerTag)
    ) {
      await this.profiles.setKeyRevisitDue(em, customerId, null);
      return;
    }
    await this.planner.schedule(
      em,
      {
        customerId,
        reason: 'key_customer',
        sourceKind: 'key-customer',
        sourceId: `${customerId}:${keyCustomerPeriod(now, config.careKeyCustomerRevisitDays)}`,
        dueAt: now,
      },
      now,
    );
    await this.profiles.setKeyRevisitDue(
      em,
      customerId,
      new Date(now.getTime() + config.careKeyCustomerRevisitDays * DAY),
    );
  }
}

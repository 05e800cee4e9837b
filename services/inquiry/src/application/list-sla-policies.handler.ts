import type { ListSlaPoliciesResponse } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';

@Injectable()
export class ListSlaPoliciesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(): Promise<ListSlaPoliciesResponse> {
    return { policies: await RuleStore.policies(this.orm.em.fork()) };
  }
}

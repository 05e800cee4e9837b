import type { ListClassificationRulesResponse } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RuleStore } from '../infrastructure/rule.store.js';
import { ruleView } from './rule.view.js';

/** Highest priority first: the order they are tried in. */
@Injectable()
export class ListClassificationRulesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(): Promise<ListClassificationRulesResponse> {
    return { rules: (await RuleStore.rules(this.orm.em.fork())).map(ruleView) };
  }
}

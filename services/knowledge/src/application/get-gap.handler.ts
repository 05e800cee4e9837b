import type { GetGapRequest, GetGapResponse } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadGap } from '../infrastructure/knowledge-gap.repository.js';
import { gapView } from './gap.view.js';
import { checkId } from './ids.js';

@Injectable()
export class GetGapHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetGapRequest): Promise<GetGapResponse> {
    const violations = new Violations();
    checkId('gap_id', request.gapId, violations);
    violations.throwIfAny();
    return { gap: gapView(await loadGap(this.orm.em.fork(), request.gapId)) };
  }
}

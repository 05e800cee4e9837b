import type { GetCampaignRunRequest, GetCampaignRunResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { checkUuid } from './campaign-field-checks.js';
import { toWireRun } from './campaign-wire.js';

@Injectable()
export class GetCampaignRunHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly runs: CampaignRunStore,
  ) {}

  async execute(request: GetCampaignRunRequest): Promise<GetCampaignRunResponse> {
    const violations = new Violations();
    checkUuid(request.runId, 'run_id', violations);
    violations.throwIfAny();
    const run = await this.runs.get(this.orm.em.fork(), request.runId);
    if (!run) throw new NotFound('campaign run', request.runId);
    return { run: toWireRun(run) };
  }
}

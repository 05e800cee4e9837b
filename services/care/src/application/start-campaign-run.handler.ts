import { randomUUID } from 'node:crypto';
import type { Actor } from '@cs/auth';
import type { StartCampaignRunRequest, StartCampaignRunResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignStore } from '../infrastructure/campaign.store.js';
import { CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { CampaignWorker } from './campaign.worker.js';
import { checkIdempotencyKey, checkUuid } from './campaign-field-checks.js';
import { toWireRun } from './campaign-wire.js';

/** Starts the campaign's one run; the worker takes it from there, page by page. */
@Injectable()
export class StartCampaignRunHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly campaigns: CampaignStore,
    private readonly runs: CampaignRunStore,
    private readonly worker: CampaignWorker,
  ) {}

  async execute(request: StartCampaignRunRequest, actor: Actor): Promise<StartCampaignRunResponse> {
    const violations = new Violations();
    checkUuid(request.campaignId, 'campaign_id', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const response = await runIdempotent(this.orm, 'StartCampaignRun', request, async (em) => {
      if (!(await this.campaigns.get(em, request.campaignId))) throw new NotFound('campaign', request.campaignId);
      const run = await this.runs.start(em, randomUUID(), request.campaignId, actor.subject, new Date());
      return { response: { run: toWireRun(run) } };
    });
    this.worker.wake();
    return response;
  }
}

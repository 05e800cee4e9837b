import { randomUUID } from 'node:crypto';
import type { Actor } from '@cs/auth';
import type { CreateCampaignRequest, CreateCampaignResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Campaign, checkCampaignDraft } from '../domain/campaign.aggregate.js';
import { CampaignStore } from '../infrastructure/campaign.store.js';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { checkIdempotencyKey, checkUuid } from './campaign-field-checks.js';
import { channelsOf, purposeOf, toTimestamp, toWireChannel, toWirePurpose } from './campaign-wire.js';
import { collect } from './define-segment.validator.js';

@Injectable()
export class CreateCampaignHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly campaigns: CampaignStore,
    private readonly segments: SegmentStore,
  ) {}

  execute(request: CreateCampaignRequest, actor: Actor): Promise<CreateCampaignResponse> {
    const draft = {
      name: request.name.trim(),
      segmentId: request.segmentId,
      purpose: purposeOf(request.purpose),
      channels: channelsOf(request.channels),
      subject: request.subject,
      body: request.body,
      couponCode: request.couponCode,
    };
    const violations = new Violations();
    for (const v of collect(checkCampaignDraft(draft, request.channels.length))) {
      if (v.field !== 'segment_id') violations.add(v.field, v.description);
    }
    checkUuid(request.segmentId, 'segment_id', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'CreateCampaign', request, async (em) => {
      if (!(await this.segments.get(em, request.segmentId))) throw new NotFound('segment', request.segmentId);
      const campaign: Campaign = {
        ...draft,
        purpose: draft.purpose ?? 'marketing',
        campaignId: randomUUID(),
        createdAt: new Date(),
        createdBy: actor.subject,
      };
      await this.campaigns.add(em, campaign);
      return {
        response: {
          campaign: {
            campaignId: campaign.campaignId,
            name: campaign.name,
            segmentId: campaign.segmentId,
            purpose: toWirePurpose(campaign.purpose),
            channels: campaign.channels.map((channel) => toWireChannel[channel]),
            subject: campaign.subject,
            body: campaign.body,
            couponCode: campaign.couponCode,
            createdAt: toTimestamp(campaign.createdAt),
          },
        },
      };
    });
  }
}

import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RevisitRecord } from '../domain/revisit.js';
import type { RevisitReasonName } from '../domain/revisit.rule.js';
import { RevisitStore } from '../infrastructure/revisit.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { revisitToProto } from './revisit-mapping.js';

/** Schedules a revisit once per source, announces it (cs.care.revisit.scheduled) and puts it on the timeline. */
@Injectable()
export class RevisitPlanner {
  constructor(
    private readonly revisits: RevisitStore,
    private readonly timeline: TimelineStore,
  ) {}

  async schedule(
    em: EntityManager,
    revisit: {
      customerId: string;
      reason: RevisitReasonName;
      sourceKind: string;
      sourceId: string;
      dueAt: Date;
      note?: string;
    },
    now: Date,
  ): Promise<RevisitRecord | undefined> {
    const scheduled = await this.revisits.schedule(em, revisit, now);
    if (!scheduled) return undefined;
    await Outbox.add(
      em,
      'cs.care.revisit.scheduled',
      { revisit: revisitToProto(scheduled, now) },
      { aggregateId: scheduled.revisitId, aggregateVersion: scheduled.version },
    );
    await this.timeline.add(em, {
      sourceKey: `revisit:${scheduled.revisitId}:scheduled`,
      customerId: scheduled.customerId,
      refKind: 'revisit',
      refId: scheduled.revisitId,
      kind: 'revisit',
      occurredAt: now,
      summary: `revisit scheduled (${scheduled.reason}) for ${scheduled.dueAt.toISOString()}`,
    });
    return scheduled;
  }
}

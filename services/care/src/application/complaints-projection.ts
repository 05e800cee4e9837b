import type { ComplaintArchived, ComplaintEvaluated, ComplaintOpened } from '@cs/contracts/cs/complaints/v1/events';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { revisitDueAfterComplaint } from '../domain/revisit.rule.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { RevisitPlanner } from './revisit-planner.js';
import { fromTimestamp } from './timestamps.js';

/** The complaint desk's events → the timeline; an archived complaint schedules its revisit. */
@Injectable()
export class ComplaintsProjection {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly profiles: ProfileStore,
    private readonly timeline: TimelineStore,
    private readonly revisits: RevisitPlanner,
  ) {}

  async opened(em: EntityManager, event: ComplaintOpened, time: Date): Promise<void> {
    const complaint = event.complaint;
    const customerId = complaint?.customer?.customerId;
    if (!complaint?.complaintId || !customerId) return;
    await this.profiles.ensure(em, customerId, time, complaint.customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `complaint:${complaint.complaintId}:opened`,
      customerId,
      refKind: 'complaint',
      refId: complaint.complaintId,
      kind: 'complaint',
      occurredAt: time,
      summary: `complaint ${complaint.number} opened`,
    });
  }

  async archived(em: EntityManager, event: ComplaintArchived, time: Date): Promise<void> {
    const customerId = event.customer?.customerId;
    if (!event.complaintId || !customerId) return;
    const archivedAt = fromTimestamp(event.archivedAt) ?? time;
    await this.profiles.ensure(em, customerId, archivedAt, event.customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `complaint:${event.complaintId}:archived`,
      customerId,
      refKind: 'complaint',
      refId: event.complaintId,
      kind: 'complaint',
      occurredAt: archivedAt,
      summary: `complaint ${event.number} archived`,
    });
    const dueAt = revisitDueAfterComplaint(
      archivedAt,
      fromTimestamp(event.revisitDueAt),
      this.config.careRevisitAfterComplaintHours,
    );
    await this.revisits.schedule(
      em,
      { customerId, reason: 'complaint_archived', sourceKind: 'complaint', sourceId: event.complaintId, dueAt },
      time,
    );
  }

  async evaluated(em: EntityManager, event: ComplaintEvaluated, time: Date): Promise<void> {
    const customerId = event.customer?.customerId;
    if (!event.complaintId || !customerId) return;
    await this.timeline.add(em, {
      sourceKey: `complaint:${event.complaintId}:evaluated`,
      customerId,
      refKind: 'complaint',
      refId: event.complaintId,
      kind: 'complaint',
      occurredAt: fromTimestamp(event.evaluatedAt) ?? time,
      summary: `complaint evaluated by the customer: ${event.score}`,
    });
  }
}

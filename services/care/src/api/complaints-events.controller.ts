import { type EventContext, OnEvent } from '@cs/bus';
import type { ComplaintArchived, ComplaintEvaluated, ComplaintOpened } from '@cs/contracts/cs/complaints/v1/events';
import { Controller } from '@nestjs/common';
import { ComplaintsProjection } from '../application/complaints-projection.js';

// The subjects below name durable consumers (care + subject): a persisted contract, do not rename.

/** The complaint desk's events: timeline, and the revisit after archiving. Translation only. */
@Controller()
export class ComplaintsEventsController {
  constructor(private readonly projection: ComplaintsProjection) {}

  @OnEvent('cs.complaints.complaint.opened')
  async onOpened(event: ComplaintOpened, ctx: EventContext): Promise<void> {
    await this.projection.opened(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.complaints.complaint.archived')
  async onArchived(event: ComplaintArchived, ctx: EventContext): Promise<void> {
    await this.projection.archived(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.complaints.complaint.evaluated')
  async onEvaluated(event: ComplaintEvaluated, ctx: EventContext): Promise<void> {
    await this.projection.evaluated(ctx.em, event, ctx.time);
  }
}

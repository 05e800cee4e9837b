import { type EventContext, OnEvent } from '@cs/bus';
import type { ComplaintAcknowledged } from '@cs/contracts/cs/complaints/v1/events';
import { Controller } from '@nestjs/common';
import { PostComplaintAcknowledgementHandler } from '../application/post-complaint-acknowledgement.handler.js';

// The subject below names a durable consumer (inquiry + subject): a persisted contract, do not rename.

/** The complaints desk's events the front line acts on: translation only, written with ctx.em. */
@Controller()
export class ComplaintsEventsController {
  constructor(private readonly postAcknowledgement: PostComplaintAcknowledgementHandler) {}

  /** A complaint raised in a conversation is registered: the apology goes to the customer there. */
  @OnEvent('cs.complaints.complaint.acknowledged')
  async onAcknowledged(event: ComplaintAcknowledged, ctx: EventContext): Promise<void> {
    await this.postAcknowledgement.execute(ctx.em, event);
  }
}

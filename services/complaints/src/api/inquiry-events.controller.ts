import { type EventContext, OnEvent } from '@cs/bus';
import type { ComplaintRaised } from '@cs/contracts/cs/inquiry/v1/events';
import { Controller } from '@nestjs/common';
import { OpenComplaintFromConversationHandler } from '../application/open-complaint-from-conversation.handler.js';

// The subjects below name durable consumers (complaints + subject): a persisted contract, do not rename.

/** The inquiry desk's events that open complaint files: translation only, written with ctx.em. */
@Controller()
export class InquiryEventsController {
  constructor(private readonly fromConversation: OpenComplaintFromConversationHandler) {}

  /** A front-line agent raised a complaint in a conversation (step 1: intake and apology). */
  @OnEvent('cs.inquiry.conversation.complaint_raised')
  async onComplaintRaised(event: ComplaintRaised, ctx: EventContext): Promise<void> {
    await this.fromConversation.complaintRaised(ctx.em, event, ctx.eventId);
  }
}

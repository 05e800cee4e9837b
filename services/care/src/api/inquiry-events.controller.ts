import { type EventContext, OnEvent } from '@cs/bus';
import type {
  AftersalesRequested,
  ComplaintRaised,
  ConversationClassified,
  ConversationClosed,
  ConversationOpened,
} from '@cs/contracts/cs/inquiry/v1/events';
import { Controller } from '@nestjs/common';
import { InquiryProjection } from '../application/inquiry-projection.js';

// The subjects below name durable consumers (care + subject): a persisted contract, do not rename.

/** The front line's conversation events: contacts, interests, CSAT after closing. Translation only. */
@Controller()
export class InquiryEventsController {
  constructor(private readonly projection: InquiryProjection) {}

  @OnEvent('cs.inquiry.conversation.opened')
  async onOpened(event: ConversationOpened, ctx: EventContext): Promise<void> {
    await this.projection.opened(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.inquiry.conversation.classified')
  async onClassified(event: ConversationClassified, ctx: EventContext): Promise<void> {
    await this.projection.classified(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.inquiry.conversation.closed')
  async onClosed(event: ConversationClosed, ctx: EventContext): Promise<void> {
    await this.projection.closed(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.inquiry.conversation.aftersales_requested')
  async onAftersalesRequested(event: AftersalesRequested, ctx: EventContext): Promise<void> {
    await this.projection.handedOn(ctx.em, event, 'after-sales', ctx.time);
  }

  @OnEvent('cs.inquiry.conversation.complaint_raised')
  async onComplaintRaised(event: ComplaintRaised, ctx: EventContext): Promise<void> {
    await this.projection.handedOn(ctx.em, event, 'complaints', ctx.time);
  }
}

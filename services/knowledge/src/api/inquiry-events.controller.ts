import { type EventContext, OnEvent } from '@cs/bus';
import type { CustomerMessageReceived } from '@cs/contracts/cs/inquiry/v1/events';
import { Controller } from '@nestjs/common';
import { SuggestForCustomerMessageHandler } from '../application/suggest-for-customer-message.handler.js';

// The subject below names a durable consumer (knowledge + subject): a persisted contract, do not rename.

/** The front line's customer messages: suggestions and gaps. Translation only, written with ctx.em. */
@Controller()
export class InquiryEventsController {
  constructor(private readonly suggestForMessage: SuggestForCustomerMessageHandler) {}

  @OnEvent('cs.inquiry.message.received')
  async onCustomerMessage(event: CustomerMessageReceived, ctx: EventContext): Promise<void> {
    await this.suggestForMessage.execute(ctx.em, event);
  }
}

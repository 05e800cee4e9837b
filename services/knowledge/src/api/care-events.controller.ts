import { type EventContext, OnEvent } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { Controller } from '@nestjs/common';
import { ForgetCustomerInGapsHandler } from '../application/forget-customer-in-gaps.handler.js';

// The subject below names a durable consumer (knowledge + subject): a persisted contract, do not rename.

/** Customer care's events that knowledge acts on: translation only, written with ctx.em. */
@Controller()
export class CareEventsController {
  constructor(private readonly forgetCustomer: ForgetCustomerInGapsHandler) {}

  /** A customer asked to be forgotten: the gaps keep their words as examples. */
  @OnEvent('cs.care.customer.erasure_requested')
  async onErasureRequested(event: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    await this.forgetCustomer.execute(ctx.em, event);
  }
}

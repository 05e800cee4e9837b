import { type EventContext, OnEvent } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { Controller } from '@nestjs/common';
import { EraseCustomerHandler } from '../application/erase-customer.handler.js';

// The subject below names a durable consumer (inquiry + subject): a persisted contract, do not rename.

/** Customer care's events the front line acts on: translation only, written with ctx.em. */
@Controller()
export class CareEventsController {
  constructor(private readonly eraseCustomer: EraseCustomerHandler) {}

  /** PIPL: anonymise the customer's personal data in the front line's records. */
  @OnEvent('cs.care.customer.erasure_requested')
  async onErasureRequested(event: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    await this.eraseCustomer.erase(ctx.em, event);
  }
}

import { type EventContext, OnEvent } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { Controller } from '@nestjs/common';
import { EraseCustomerHandler } from '../application/erase-customer.handler.js';

// The subject below names a durable consumer (complaints + subject): a persisted contract, do not rename.

/** Customer care's events that the complaint desk acts on: translation only, written with ctx.em. */
@Controller()
export class CareEventsController {
  constructor(private readonly eraseCustomer: EraseCustomerHandler) {}

  /** A customer asked to be forgotten (PIPL): no token here, the request was checked by care. */
  @OnEvent('cs.care.customer.erasure_requested')
  async onErasureRequested(event: CustomerErasureRequested, ctx: EventContext): Promise<void> {
    await this.eraseCustomer.execute(ctx.em, event);
  }
}

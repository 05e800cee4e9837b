import { type EventContext, OnEvent } from '@cs/bus';
import type { CaseClosed, CaseOpened, CaseRefunded } from '@cs/contracts/cs/aftersales/v1/events';
import { Controller } from '@nestjs/common';
import { AftersalesProjection } from '../application/aftersales-projection.js';

// The subjects below name durable consumers (care + subject): a persisted contract, do not rename.

/** After-sales' case events: timeline, refunds (points reversed), revisit and CSAT after closing. */
@Controller()
export class AftersalesEventsController {
  constructor(private readonly projection: AftersalesProjection) {}

  @OnEvent('cs.aftersales.case.opened')
  async onOpened(event: CaseOpened, ctx: EventContext): Promise<void> {
    await this.projection.opened(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.aftersales.case.refunded')
  async onRefunded(event: CaseRefunded, ctx: EventContext): Promise<void> {
    await this.projection.refunded(ctx.em, event, ctx.time);
  }

  @OnEvent('cs.aftersales.case.closed')
  async onClosed(event: CaseClosed, ctx: EventContext): Promise<void> {
    await this.projection.closed(ctx.em, event, ctx.time);
  }
}

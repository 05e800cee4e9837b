import { type EventContext, OnEvent } from '@cs/bus';
import type { AftersalesRequested } from '@cs/contracts/cs/inquiry/v1/events';
import { Controller } from '@nestjs/common';
import { OpenCaseFromInquiryHandler } from '../application/open-case-from-inquiry.handler.js';

const HANDLED_SINCE = { from: 'time', time: new Date('2026-12-03T00:00:00Z') } as const;

// The subject below names a durable consumer (aftersales + subject): a persisted contract, do not rename.

/** The front line's events that open after-sales cases: translation only, written with ctx.em. */
@Controller()
export class InquiryEventsController {
  constructor(private readonly openCaseFromInquiry: OpenCaseFromInquiryHandler) {}

  /**
   * A conversation classified as after-sales: a case, or a chase for the details it lacks. Handled
   * from the day this consumer was introduced: requests before it were handled by hand, and a first
   * deploy must not open cases for months of them.
   */
  @OnEvent('cs.inquiry.conversation.aftersales_requested', { start: HANDLED_SINCE })
  async onAftersalesRequested(event: AftersalesRequested, ctx: EventContext): Promise<void> {
    await this.openCaseFromInquiry.aftersalesRequested(ctx.em, event);
  }
}

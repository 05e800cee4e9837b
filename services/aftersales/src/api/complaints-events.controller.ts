import { type EventContext, OnEvent } from '@cs/bus';
import type { RemedyChosen } from '@cs/contracts/cs/complaints/v1/events';
import { Controller } from '@nestjs/common';
import { OpenCaseFromComplaintsHandler } from '../application/open-case-from-complaints.handler.js';

// The subject below names a durable consumer (aftersales + subject): a persisted contract, do not rename.

/** The complaints desk's events that open after-sales cases: translation only, written with ctx.em. */
@Controller()
export class ComplaintsEventsController {
  constructor(private readonly openCaseFromComplaints: OpenCaseFromComplaintsHandler) {}

  /** The customer chose a reissue, refund, return or exchange for their complaint. */
  @OnEvent('cs.complaints.complaint.remedy_chosen')
  async onRemedyChosen(event: RemedyChosen, ctx: EventContext): Promise<void> {
    await this.openCaseFromComplaints.remedyChosen(ctx.em, event);
  }
}

import { type EventContext, OnEvent } from '@cs/bus';
import type {
  CaseAdvanced,
  CaseApproved,
  CaseClosed,
  CaseCompleted,
  CaseGoodsReceived,
  CaseOpened,
  CaseRefunded,
  CaseRejected,
  CaseReplacementShipped,
} from '@cs/contracts/cs/aftersales/v1/events';
import { Controller } from '@nestjs/common';
import { FollowAftersalesCaseHandler } from '../application/follow-aftersales-case.handler.js';

// The subjects below name durable consumers (complaints + subject): a persisted contract, do not rename.

/** The after-sales cases that execute complaints' remedies (cs.aftersales.case.*): translation only. */
@Controller()
export class AftersalesEventsController {
  constructor(private readonly follow: FollowAftersalesCaseHandler) {}

  @OnEvent('cs.aftersales.case.opened')
  async onOpened(event: CaseOpened, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.approved')
  async onApproved(event: CaseApproved, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.advanced')
  async onAdvanced(event: CaseAdvanced, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.goods_received')
  async onGoodsReceived(event: CaseGoodsReceived, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.refunded')
  async onRefunded(event: CaseRefunded, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.replacement_shipped')
  async onReplacementShipped(event: CaseReplacementShipped, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'progressed');
  }

  @OnEvent('cs.aftersales.case.completed')
  async onCompleted(event: CaseCompleted, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'completed');
  }

  @OnEvent('cs.aftersales.case.rejected')
  async onRejected(event: CaseRejected, ctx: EventContext): Promise<void> {
    await this.follow.follow(ctx.em, event.case, 'rejected', event.reason);
  }

  @OnEvent('cs.aftersales.case.closed')
  async onClosed(event: CaseClosed, ctx: EventContext): Promise<void> {
    const kase = event.case;
    if (!kase) return;
    await this.follow.follow(
      ctx.em,
      kase,
      this.follow.closedAs(event.outcome, kase.state),
      event.case?.rejectionReason ?? '',
    );
  }
}

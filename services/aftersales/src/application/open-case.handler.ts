import type { OpenCaseRequest, OpenCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ConcreteCaseKind } from '../domain/case-lifecycle.js';
import { DetailsChase } from '../domain/details-chase.entity.js';
import { actingRequest } from './acting-request.js';
import { caseView } from './case.view.js';
import { openCase } from './case-opening.js';
import { runCommandOnce } from './idempotent-command.js';
import { validateOpenCase } from './open-case.validator.js';

/**
 * An agent, or the complaints desk as the complaint's chosen resolution, opens a case. A retry with
 * the same idempotency key returns the first case; so does opening the same kind again for the
 * same originating reference (e.g. a complaint's reissue). A case opened for a front-line
 * conversation (origin INQUIRY) resolves that conversation's chase for missing details.
 */
@Injectable()
export class OpenCaseHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller, who opens the case. */
  async execute(request: OpenCaseRequest, agent: AgentRef): Promise<OpenCaseResponse> {
    validateOpenCase(request);
    return runCommandOnce<OpenCaseResponse>(this.orm, 'OpenCase', actingRequest(request, agent), async (em) => {
      const origin = request.origin ?? { source: OriginSource.ORIGIN_SOURCE_AGENT, reference: '' };
      const now = new Date();
      const { kase } = await openCase(
        em,
        {
          kind: request.kind as ConcreteCaseKind,
          customer: request.customer!,
          orderId: request.orderId,
          origin,
          originKey: origin.reference ? `${origin.source}:${origin.reference}:${request.kind}` : undefined,
          reason: request.reason,
          qualityProblem: request.qualityProblem,
          parcelProblem: request.parcelProblem ?? ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
          items: request.items,
          wantedItem: request.wantedItem,
          requestedAmount: request.requestedAmount,
          extendReceiptDays: request.extendReceiptDays,
          redeliveryAddress: request.redeliveryAddress,
          openedBy: agent,
        },
        now,
      );
      // The details the front line lacked are in: the conversation's chase is done.
      if (origin.source === OriginSource.ORIGIN_SOURCE_INQUIRY) {
        const chase = await em.findOne(DetailsChase, { conversationId: origin.reference });
        if (chase?.resolve(kase.id, now)) await em.flush();
      }
      return { response: { case: caseView(kase) } };
    });
  }
}

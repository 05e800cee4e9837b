import type { OpenCaseRequest, OpenCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { IdempotencyStore, transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ConcreteCaseKind } from '../domain/case-lifecycle.js';
import { actingRequest } from './acting-request.js';
import { caseView } from './case.view.js';
import { openCase } from './case-opening.js';
import { validateOpenCase } from './open-case.validator.js';

/**
 * An agent, or the complaints desk as the complaint's chosen resolution, opens a case. A retry with
 * the same idempotency key returns the first case; so does opening the same kind again for the
 * same originating reference (e.g. a complaint's reissue).
 */
@Injectable()
export class OpenCaseHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller, who opens the case. */
  async execute(request: OpenCaseRequest, agent: AgentRef): Promise<OpenCaseResponse> {
    validateOpenCase(request);
    const fingerprint = IdempotencyStore.fingerprint({ ...actingRequest(request, agent), idempotencyKey: undefined });
    const outcome = await transactionWithRetry(this.orm, async (em) => {
      const stored = await IdempotencyStore.find<OpenCaseResponse>(em, 'OpenCase', request.idempotencyKey, fingerprint);
      if (stored) return stored;
      const origin = request.origin ?? { source: OriginSource.ORIGIN_SOURCE_AGENT, reference: '' };
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
        new Date(),
      );
      const result = { response: { case: caseView(kase) } };
      await IdempotencyStore.save(em, 'OpenCase', request.idempotencyKey, fingerprint, result);
      return result;
    });
    return outcome.response as OpenCaseResponse;
  }
}

import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { OpenComplaintRequest, OpenComplaintResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { actingRequest } from './acting-request.js';
import { complaintView } from './complaint.view.js';
import { ComplaintOpening } from './complaint-opening.js';
import { validateOpenComplaint } from './open-complaint.validator.js';
import { fromTimestamp } from './timestamps.js';

/**
 * A handler registers a complaint that did not come through a conversation (after-sales case, bad
 * review, platform, 12315, direct). Idempotent on the key, and on (source, source_reference): the
 * same platform ticket registered twice is one file.
 */
@Injectable()
export class OpenComplaintHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly opening: ComplaintOpening,
  ) {}

  async execute(request: OpenComplaintRequest, agent: AgentRef): Promise<OpenComplaintResponse> {
    validateOpenComplaint(request);
    return runIdempotent(this.orm, 'OpenComplaint', actingRequest(request, agent), async (em) => {
      const { complaint } = await this.opening.open(
        em,
        {
          source: request.source,
          sourceReference: request.sourceReference,
          ...(request.sourceReference ? { sourceKey: `${request.source}:${request.sourceReference}` } : {}),
          customer: { customerId: request.customer!.customerId, displayName: request.customer!.displayName },
          conversationId: request.conversationId,
          orderIds: request.orderIds,
          skus: request.skus,
          description: request.description,
          remedySought: request.remedySought,
          claimedNature: request.claimedNature,
          severity: request.severity,
          ...(request.externalDeadline ? { externalDeadline: fromTimestamp(request.externalDeadline) } : {}),
          openedBy: agent,
        },
        new Date(),
      );
      return { response: { complaint: complaintView(complaint) } };
    });
  }
}

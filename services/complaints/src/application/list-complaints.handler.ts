import { ComplaintStage, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { ListComplaintsRequest, ListComplaintsResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkLength, Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import type { FilterQuery } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Complaint } from '../domain/complaint.aggregate.js';
import { isUuid, withSteps } from '../infrastructure/complaint.repository.js';
import { complaintView } from './complaint.view.js';

/** Files by stage, handler, customer, severity, incident, overdue; newest first, paged. */
@Injectable()
export class ListComplaintsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListComplaintsRequest, now = new Date()): Promise<ListComplaintsResponse> {
    const violations = new Violations();
    checkEnum(request.stage, Object.values(ComplaintStage), 'stage', violations);
    checkEnum(request.severity, Object.values(Severity), 'severity', violations);
    checkLength(request.handlerAgentId, 'handler_agent_id', 64, violations);
    checkLength(request.customerId, 'customer_id', 64, violations);
    if (request.incidentId && !isUuid(request.incidentId))
      violations.add('incident_id', 'must be an incident id (uuid)');
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const where: FilterQuery<Complaint> = {};
    if (request.stage !== ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED) where.stage = request.stage;
    if (request.severity !== Severity.SEVERITY_UNSPECIFIED) where.severity = request.severity;
    if (request.handlerAgentId) where.handlerAgentId = request.handlerAgentId;
    if (request.customerId) where.customerId = request.customerId;
    if (request.incidentId) where.incidentId = request.incidentId;
    if (request.overdueOnly) where.stepDueAt = { $ne: null, $lt: now };
    const after = keysetFilter(
      [
        ['openedAt', 'desc'],
        ['id', 'desc'],
      ],
      page.after,
    );
    const em = this.orm.em.fork();
    const found = await em.find(
      Complaint,
      { ...where, ...after },
      { orderBy: { openedAt: 'desc', id: 'desc' }, limit: page.limit + 1 },
    );
    const { items, page: next } = keysetPageOf(found, page, (c) => [c.openedAt, c.id]);
    const complaints = await withSteps(em, items);
    return { complaints: complaints.map(complaintView), page: next };
  }
}

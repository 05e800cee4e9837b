import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { CloseIncidentRequest, CloseIncidentResponse } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { checkIdempotencyKey, checkLength, NotFound, RuleViolation, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IncidentRepository } from '../infrastructure/incident.repository.js';
import { actingRequest } from './acting-request.js';
import { checkIncidentId } from './get-incident.handler.js';
import { incidentView } from './incident.view.js';
import { INCIDENT_RULE } from './propose-remedies-to-incident.handler.js';
import { toTimestamp } from './timestamps.js';

/**
 * Ends emergency mode for one incident: its files keep pointing at it (history), and a new spike of
 * the same SKU or cause opens a new incident. Publishes IncidentClosed.
 */
@Injectable()
export class CloseIncidentHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: CloseIncidentRequest, agent: AgentRef): Promise<CloseIncidentResponse> {
    const violations = checkIncidentId(request.incidentId, new Violations());
    checkLength(request.note, 'note', 1000, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'CloseIncident', actingRequest(request, agent), async (em) => {
      const at = new Date();
      const closed = await IncidentRepository.close(em, request.incidentId, agent, request.note?.trim() ?? '', at);
      if (!closed) {
        if (!(await IncidentRepository.find(em, request.incidentId)))
          throw new NotFound('incident', request.incidentId);
        throw new RuleViolation(INCIDENT_RULE.closeOnce, 'this incident is already closed');
      }
      await Outbox.add(
        em,
        'cs.complaints.incident.closed',
        {
          incidentId: closed.incidentId,
          complaintCount: closed.complaintCount,
          closedBy: { agentId: agent.agentId, name: agent.name },
          closedAt: toTimestamp(at),
        },
        { aggregateId: closed.incidentId, aggregateVersion: closed.version },
      );
      return { response: { incident: incidentView(closed) } };
    });
  }
}

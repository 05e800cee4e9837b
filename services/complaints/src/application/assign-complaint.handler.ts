import { type Actor, hasRole, roles } from '@cs/auth';
import type {
  AssignComplaintRequest,
  AssignComplaintResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength, PermissionDenied } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ComplaintStepRunner } from './complaint-step.runner.js';

/** The caller takes the file; a supervisor or manager may hand it to someone else. */
@Injectable()
export class AssignComplaintHandler {
  constructor(private readonly steps: ComplaintStepRunner) {}

  execute(request: AssignComplaintRequest, actor: Actor): Promise<AssignComplaintResponse> {
    const violations = ComplaintStepRunner.violations(request);
    const other = request.handler?.agentId ? request.handler : undefined;
    if (request.handler && !request.handler.agentId && request.handler.name)
      violations.add('handler.agent_id', 'is required when a handler is named');
    checkLength(request.handler?.agentId, 'handler.agent_id', 64, violations);
    checkLength(request.handler?.name, 'handler.name', 100, violations);
    violations.throwIfAny();
    const self = { agentId: actor.agentId, name: actor.name };
    if (other && other.agentId !== actor.agentId && !hasRole(actor, roles.supervisor, roles.manager))
      throw new PermissionDenied('only a supervisor or manager hands a complaint to someone else');
    const handler = other ? { agentId: other.agentId, name: other.name || other.agentId } : self;
    return this.steps.run('AssignComplaint', request, self, violations, (complaint, agent, at) =>
      complaint.assign(handler, agent, at),
    );
  }
}

import { agentRefOf } from '@cs/auth';
import {
  type CloseIncidentRequest,
  type CloseIncidentResponse,
  type GetIncidentRequest,
  type GetIncidentResponse,
  type IncidentsServiceController,
  IncidentsServiceControllerMethods,
  type ListIncidentsRequest,
  type ListIncidentsResponse,
  type ProposeRemediesToIncidentRequest,
  type ProposeRemediesToIncidentResponse,
} from '@cs/contracts/cs/complaints/v1/incidents_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { CloseIncidentHandler } from '../application/close-incident.handler.js';
import { GetIncidentHandler } from '../application/get-incident.handler.js';
import { ListIncidentsHandler } from '../application/list-incidents.handler.js';
import { ProposeRemediesToIncidentHandler } from '../application/propose-remedies-to-incident.handler.js';

/**
 * cs.complaints.v1.IncidentsService (emergency mode) over gRPC and, through the gateway, HTTP:
 * translation only; the actor is the verified caller, never the body.
 */
@Controller()
@IncidentsServiceControllerMethods()
export class IncidentsGrpcController implements IncidentsServiceController {
  constructor(
    private readonly listHandler: ListIncidentsHandler,
    private readonly getHandler: GetIncidentHandler,
    private readonly proposeHandler: ProposeRemediesToIncidentHandler,
    private readonly closeHandler: CloseIncidentHandler,
  ) {}

  listIncidents(request: ListIncidentsRequest): Promise<ListIncidentsResponse> {
    return this.listHandler.execute(request);
  }

  getIncident(request: GetIncidentRequest): Promise<GetIncidentResponse> {
    return this.getHandler.execute(request);
  }

  proposeRemediesToIncident(
    request: ProposeRemediesToIncidentRequest,
    metadata?: Metadata,
  ): Promise<ProposeRemediesToIncidentResponse> {
    return this.proposeHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  closeIncident(request: CloseIncidentRequest, metadata?: Metadata): Promise<CloseIncidentResponse> {
    return this.closeHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

import { agentRefOf } from '@cs/auth';
import {
  type DefineRootCauseRequest,
  type DefineRootCauseResponse,
  type ListRootCausesRequest,
  type ListRootCausesResponse,
  type RetireRootCauseRequest,
  type RetireRootCauseResponse,
  type RootCausesServiceController,
  RootCausesServiceControllerMethods,
} from '@cs/contracts/cs/complaints/v1/root_causes_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { DefineRootCauseHandler } from '../application/define-root-cause.handler.js';
import { ListRootCausesHandler } from '../application/list-root-causes.handler.js';
import { RetireRootCauseHandler } from '../application/retire-root-cause.handler.js';

/** cs.complaints.v1.RootCausesService: the root-cause taxonomy; translation only. */
@Controller()
@RootCausesServiceControllerMethods()
export class RootCausesGrpcController implements RootCausesServiceController {
  constructor(
    private readonly listHandler: ListRootCausesHandler,
    private readonly defineHandler: DefineRootCauseHandler,
    private readonly retireHandler: RetireRootCauseHandler,
  ) {}

  listRootCauses(request: ListRootCausesRequest): Promise<ListRootCausesResponse> {
    return this.listHandler.execute(request);
  }

  defineRootCause(request: DefineRootCauseRequest, metadata?: Metadata): Promise<DefineRootCauseResponse> {
    return this.defineHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  retireRootCause(request: RetireRootCauseRequest, metadata?: Metadata): Promise<RetireRootCauseResponse> {
    return this.retireHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

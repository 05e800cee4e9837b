import { actorOf } from '@cs/auth';
import {
  type AgentsServiceController,
  AgentsServiceControllerMethods,
  type GetAgentRequest,
  type ListQueueRequest,
  type RegisterAgentRequest,
  type SetPresenceRequest,
} from '@cs/contracts/cs/inquiry/v1/agents_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GetAgentHandler } from '../application/get-agent.handler.js';
import { ListQueueHandler } from '../application/list-queue.handler.js';
import { RegisterAgentHandler } from '../application/register-agent.handler.js';
import { SetPresenceHandler } from '../application/set-presence.handler.js';

/** cs.inquiry.v1.AgentsService: translation only; the actor is the verified caller (the token). */
@Controller()
@AgentsServiceControllerMethods()
export class AgentsGrpcController implements AgentsServiceController {
  constructor(
    private readonly register: RegisterAgentHandler,
    private readonly presence: SetPresenceHandler,
    private readonly get: GetAgentHandler,
    private readonly queue: ListQueueHandler,
  ) {}

  registerAgent(request: RegisterAgentRequest) {
    return this.register.execute(request);
  }

  setPresence(request: SetPresenceRequest, metadata?: Metadata) {
    return this.presence.execute(request, actorOf(metadata));
  }

  getAgent(request: GetAgentRequest) {
    return this.get.execute(request);
  }

  listQueue(request: ListQueueRequest, metadata?: Metadata) {
    return this.queue.execute(request, actorOf(metadata));
  }
}

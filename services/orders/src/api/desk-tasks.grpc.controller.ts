import { actorOf } from '@cs/auth';
import {
  type AcknowledgeTaskRequest,
  type AcknowledgeTaskResponse,
  type CompleteTaskRequest,
  type CompleteTaskResponse,
  type DeskTasksServiceController,
  DeskTasksServiceControllerMethods,
  type ListOpenTasksRequest,
  type ListOpenTasksResponse,
} from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AcknowledgeTaskHandler } from '../application/acknowledge-task.handler.js';
import { CompleteTaskHandler } from '../application/complete-task.handler.js';
import { ListOpenTasksHandler } from '../application/list-open-tasks.handler.js';

/** cs.orders.v1.DeskTasksService: the warehouse's and the printing desk's task lists; the token's person acts. */
@Controller()
@DeskTasksServiceControllerMethods()
export class DeskTasksGrpcController implements DeskTasksServiceController {
  constructor(
    private readonly listOpenTasksHandler: ListOpenTasksHandler,
    private readonly acknowledgeTaskHandler: AcknowledgeTaskHandler,
    private readonly completeTaskHandler: CompleteTaskHandler,
  ) {}

  listOpenTasks(request: ListOpenTasksRequest, metadata?: Metadata): Promise<ListOpenTasksResponse> {
    return this.listOpenTasksHandler.execute(request, actorOf(metadata));
  }

  acknowledgeTask(request: AcknowledgeTaskRequest, metadata?: Metadata): Promise<AcknowledgeTaskResponse> {
    return this.acknowledgeTaskHandler.execute(request, actorOf(metadata));
  }

  completeTask(request: CompleteTaskRequest, metadata?: Metadata): Promise<CompleteTaskResponse> {
    return this.completeTaskHandler.execute(request, actorOf(metadata));
  }
}

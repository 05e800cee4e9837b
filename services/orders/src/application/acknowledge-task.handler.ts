import { Outbox } from '@cs/bus';
import type { AcknowledgeTaskRequest, AcknowledgeTaskResponse } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadTaskWithChange } from '../infrastructure/desk-task.repository.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { checkAgent } from './change-request.validator.js';
import { deskTaskView } from './order.view.js';

/** Someone at the warehouse or the printing desk takes a task; taking it again changes nothing. */
@Injectable()
export class AcknowledgeTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: AcknowledgeTaskRequest): Promise<AcknowledgeTaskResponse> {
    const violations = new Violations().require('task_id', request.taskId);
    checkAgent('agent', request.agent, violations);
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const { task } = await loadTaskWithChange(em, request.taskId);
      if (task.acknowledge(request.agent!, new Date())) {
        await em.flush();
        const order = await loadOrder(em, task.orderId);
        await Outbox.add(
          em,
          'cs.orders.task.acknowledged',
          { task: deskTaskView(task), orderVersion: order.version },
          { aggregateId: order.id, aggregateVersion: order.version },
        );
      }
      return { task: deskTaskView(task) };
    });
  }
}

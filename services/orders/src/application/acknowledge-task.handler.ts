import { Outbox } from '@cs/bus';
import type { AcknowledgeTaskRequest, AcknowledgeTaskResponse } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkWorksAtDesk } from '../domain/desk-access.rule.js';
import type { Staff } from '../domain/staff.js';
import { loadTaskWithChange } from '../infrastructure/desk-task.repository.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { deskTaskView } from './order.view.js';

/**
 * Someone at the warehouse or the printing desk takes a task of their desk; taking it again changes
 * nothing. `actor` is who takes it, from their token.
 */
@Injectable()
export class AcknowledgeTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: AcknowledgeTaskRequest, actor: Staff): Promise<AcknowledgeTaskResponse> {
    new Violations().require('task_id', request.taskId).throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const { task } = await loadTaskWithChange(em, request.taskId);
      checkWorksAtDesk(actor, task.desk);
      if (task.acknowledge({ agentId: actor.agentId, name: actor.name }, new Date())) {
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

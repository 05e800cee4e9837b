import { Outbox } from '@cs/bus';
import type { CompleteTaskRequest, CompleteTaskResponse } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { DeskTaskStep } from '@cs/contracts/cs/orders/v1/order';
import { Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkWorksAtDesk } from '../domain/desk-access.rule.js';
import type { Staff } from '../domain/staff.js';
import { loadTaskWithChange } from '../infrastructure/desk-task.repository.js';
import { loadOrder } from '../infrastructure/order.repository.js';
import { changeView, deskTaskView } from './order.view.js';
import { recordRestock } from './restock.js';

const steps = Object.values(DeskTaskStep).filter((s) => s !== DeskTaskStep.DESK_TASK_STEP_UNSPECIFIED);

/**
 * A desk reports its step (documents retrieved, parcel retrieved, restocked, reprinted, special
 * request honoured) on a task of their own desk. When it was the change's last task, the change is
 * done. Restocking puts the goods back onto the stock levels and, for a paid order, makes the refund
 * due. `actor` is who reports it, from their token.
 */
@Injectable()
export class CompleteTaskHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: CompleteTaskRequest, actor: Staff): Promise<CompleteTaskResponse> {
    const violations = new Violations().require('task_id', request.taskId);
    if (!(steps as string[]).includes(request.step)) violations.add('step', `must be one of ${steps.join(', ')}`);
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const { task, change, tasksOfChange } = await loadTaskWithChange(em, request.taskId);
      checkWorksAtDesk(actor, task.desk);
      const now = new Date();
      if (task.complete(request.step, { agentId: actor.agentId, name: actor.name }, now, tasksOfChange)) {
        const changeDone = change.taskCompleted(tasksOfChange, now);
        await em.flush();
        const order = await loadOrder(em, task.orderId);
        if (request.step === DeskTaskStep.DESK_TASK_STEP_RESTOCKED) await recordRestock(em, order, change, now);
        const meta = { aggregateId: order.id, aggregateVersion: order.version };
        await Outbox.add(
          em,
          'cs.orders.task.completed',
          { task: deskTaskView(task), step: request.step, orderVersion: order.version },
          meta,
        );
        if (changeDone) {
          await Outbox.add(
            em,
            'cs.orders.change.completed',
            { change: changeView(change), orderVersion: order.version },
            meta,
          );
        }
      }
      return { task: deskTaskView(task), change: changeView(change) };
    });
  }
}

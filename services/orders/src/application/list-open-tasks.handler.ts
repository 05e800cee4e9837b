import type { ListOpenTasksRequest, ListOpenTasksResponse } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { Desk, DeskTaskStatus } from '@cs/contracts/cs/orders/v1/order';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { deskToList } from '../domain/desk-access.rule.js';
import { DeskTask } from '../domain/desk-task.entity.js';
import type { Staff } from '../domain/staff.js';
import { deskTaskView } from './order.view.js';

const desks = [Desk.DESK_WAREHOUSE, Desk.DESK_PRINTING];

/** A desk's open and acknowledged tasks, oldest first; the warehouse and the printing desk see their own. */
@Injectable()
export class ListOpenTasksHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListOpenTasksRequest, actor: Staff): Promise<ListOpenTasksResponse> {
    const violations = new Violations();
    const desk = deskToList(actor, request.desk);
    if (!desks.includes(desk)) violations.add('desk', `must be one of ${desks.join(', ')}`);
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const rows = await this.orm.em.fork().find(
      DeskTask,
      {
        desk,
        status: { $ne: DeskTaskStatus.DESK_TASK_STATUS_DONE },
        ...keysetFilter(
          [
            ['createdAt', 'asc'],
            ['id', 'asc'],
          ],
          page.after,
        ),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    const { items, page: next } = keysetPageOf(rows, page, (r) => [r.createdAt, r.id]);
    return { tasks: items.map(deskTaskView), page: next };
  }
}

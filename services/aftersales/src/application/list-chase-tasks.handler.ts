import {
  ChaseTaskStatus,
  type ListChaseTasksRequest,
  type ListChaseTasksResponse,
} from '@cs/contracts/cs/aftersales/v1/tracking_service';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { shipmentsOf } from '../infrastructure/chase-task.repository.js';
import { chaseTaskView } from './chase-task.view.js';

/** The desk's work list (查件): open chase tasks, the longest silence first. */
@Injectable()
export class ListChaseTasksHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListChaseTasksRequest): Promise<ListChaseTasksResponse> {
    const violations = new Violations();
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const rows = await em.find(
      ChaseTask,
      {
        status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
        ...keysetFilter(
          [
            ['silentSince', 'asc'],
            ['id', 'asc'],
          ],
          page.after,
        ),
      },
      { orderBy: { silentSince: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    const { items: tasks, page: next } = keysetPageOf(rows, page, (t) => [t.silentSince, t.id]);
    const shipments = await shipmentsOf(em, tasks);
    const now = new Date();
    return {
      tasks: tasks.map((t) => chaseTaskView(t, shipments.get(t.trackingNumber), now)),
      page: next,
    };
  }
}

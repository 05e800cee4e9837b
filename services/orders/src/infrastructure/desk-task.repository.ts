import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DeskTask } from '../domain/desk-task.entity.js';
import { OrderChange } from '../domain/order-change.entity.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads a task with its change and the change's other tasks (completion order depends on them). */
export async function loadTaskWithChange(
  em: EntityManager,
  taskId: string,
): Promise<{ task: DeskTask; change: OrderChange; tasksOfChange: DeskTask[] }> {
  const task = uuidPattern.test(taskId) ? await em.findOne(DeskTask, { id: taskId }) : null;
  if (!task) throw new NotFound('task', taskId);
  const change = await em.findOneOrFail(OrderChange, { id: task.changeId });
  const tasksOfChange = await em.find(DeskTask, { changeId: change.id }, { orderBy: { sequence: 'asc' } });
  return { task, change, tasksOfChange };
}

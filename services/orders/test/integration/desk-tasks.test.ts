import { randomUUID } from 'node:crypto';
import { ChangeStatus, Desk, DeskTaskStatus, DeskTaskStep, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { authAs, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  clerk,
  confirmation,
  newAddress,
  type OrdersHarness,
  printer,
  startOrders,
  supervisor,
  warehouseHand,
} from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const taskEvents = (subject: string, taskId: string) =>
  h.events.ofSubject(subject).filter((e) => (e.data.task as { taskId: string }).taskId === taskId);
/** A packed order whose address changed: a warehouse task (retrieve the parcel), then a printing one (reprint). */
async function packedOrderChanged() {
  const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED);
  const change = await h.grpc.changeAddress({
    orderId,
    newAddress,
    confirmation: confirmation(),
    idempotencyKey: randomUUID(),
  });
  const [retrieve, reprint] = change.tasks;
  return { orderId, change, retrieve: retrieve!, reprint: reprint! };
}
const openTaskIds = async (desk: Desk, caller = clerk) =>
  (await h.tasks.listOpenTasks({ desk, page: { pageSize: 200, pageToken: '' } }, await as(caller))).tasks.map(
    (t) => t.taskId,
  );

describe('warehouse and printing-desk tasks', () => {
  it('an address change of a packed order is done only when the parcel is retrieved and reprinted', async () => {
    const { change, retrieve, reprint } = await packedOrderChanged();
    expect(change.change?.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);

    // Each desk lists its own open tasks.
    const warehouse = await openTaskIds(Desk.DESK_WAREHOUSE, warehouseHand);
    expect(warehouse).toContain(retrieve.taskId);
    expect(warehouse).not.toContain(reprint.taskId);
    const printing = await h.http(
      '/cs.orders.v1.DeskTasksService/ListOpenTasks',
      { desk: 'DESK_PRINTING' },
      await authAs(printer),
    );
    expect(printing.status).toBe(200);
    expect(printing.body.tasks.map((t: { taskId: string }) => t.taskId)).toContain(reprint.taskId);

    // The printing desk cannot reprint before the parcel is back.
    const early = await h.tasks
      .completeTask({ taskId: reprint.taskId, step: DeskTaskStep.DESK_TASK_STEP_REPRINTED }, await as(printer))
      .catch((e) => e);
    expect(early.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(early.metadata).reason).toBe('desk-task.earlier-task-not-done');

    const acknowledged = await h.tasks.acknowledgeTask({ taskId: retrieve.taskId }, await as(warehouseHand));
    expect(acknowledged.task?.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_ACKNOWLEDGED);
    // Who took it is the token's person.
    expect(acknowledged.task?.acknowledgedBy).toEqual({ agentId: 'w-1', name: '仓库小王' });
    await h.tasks.acknowledgeTask({ taskId: retrieve.taskId }, await as(warehouseHand));

    const wrongStep = await h.tasks
      .completeTask(
        { taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_DOCUMENTS_RETRIEVED },
        await as(warehouseHand),
      )
      .catch((e) => e);
    expect(richErrorDetails(wrongStep.metadata).reason).toBe('desk-task.step-does-not-complete-task');

    const retrieved = await h.tasks.completeTask(
      { taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED },
      await as(warehouseHand),
    );
    expect(retrieved.task?.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_DONE);
    expect(retrieved.task?.completedBy).toEqual({ agentId: 'w-1', name: '仓库小王' });
    expect(retrieved.change?.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);

    // Over HTTP an old-style agent in the body is ignored: the token says who reprinted.
    const reprinted = await h.http(
      '/cs.orders.v1.DeskTasksService/CompleteTask',
      { task_id: reprint.taskId, step: 'DESK_TASK_STEP_REPRINTED', agent: { agent_id: 'x-9', name: '冒名者' } },
      await authAs(printer),
    );
    expect(reprinted.status).toBe(200);
    expect(reprinted.body.change.status).toBe('CHANGE_STATUS_DONE');
    expect(reprinted.body.task.completedBy).toEqual({ agentId: 'p-1', name: '打单小李' });

    // Every step is an event, exactly once; the change completes once.
    await waitFor(
      'the task events',
      () => taskEvents('cs.orders.task.completed', reprint!.taskId).length === 1 || undefined,
    );
    expect(taskEvents('cs.orders.task.acknowledged', retrieve!.taskId)).toHaveLength(1);
    expect(taskEvents('cs.orders.task.completed', retrieve!.taskId)[0]?.data.step).toBe(
      'DESK_TASK_STEP_PARCEL_RETRIEVED',
    );
    const completed = await waitFor('change.completed', () =>
      h.events
        .ofSubject('cs.orders.change.completed')
        .find((e) => (e.data.change as { changeId: string }).changeId === change.change?.changeId),
    );
    expect((completed.data.change as { status: string }).status).toBe('CHANGE_STATUS_DONE');

    expect(await openTaskIds(Desk.DESK_PRINTING, printer)).not.toContain(reprint.taskId);
  });

  it('open tasks are paged', async () => {
    for (let i = 0; i < 3; i++) {
      const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
      await h.grpc.changeAddress({
        orderId,
        newAddress,
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      });
    }
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await h.tasks.listOpenTasks(
        { desk: Desk.DESK_WAREHOUSE, page: { pageSize: 2, pageToken } },
        await as(warehouseHand),
      );
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...page.tasks.map((t) => t.taskId));
      pageToken = page.page?.nextPageToken ?? '';
    } while (pageToken);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('an unknown task is NOT_FOUND', async () => {
    const error = await h.tasks.acknowledgeTask({ taskId: randomUUID() }, await as(warehouseHand)).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

describe('each desk acts on its own tasks (desk-task.own-desk-only)', () => {
  it('a printing-desk token cannot complete a warehouse task: PERMISSION_DENIED, and the task stays open', async () => {
    const { retrieve } = await packedOrderChanged();
    const error = await h.tasks
      .completeTask({ taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED }, await as(printer))
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.details).toContain('desk-task.own-desk-only');
    expect(await openTaskIds(Desk.DESK_WAREHOUSE)).toContain(retrieve.taskId);
    expect(taskEvents('cs.orders.task.completed', retrieve.taskId)).toEqual([]);
  });

  it('a warehouse token cannot take a printing task', async () => {
    const { reprint } = await packedOrderChanged();
    const error = await h.tasks.acknowledgeTask({ taskId: reprint.taskId }, await as(warehouseHand)).catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    const [listed] = (
      await h.tasks.listOpenTasks({ desk: Desk.DESK_PRINTING, page: undefined }, await as(printer))
    ).tasks.filter((t) => t.taskId === reprint.taskId);
    expect(listed?.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_OPEN);
  });

  it('an order-desk clerk acts on both desks', async () => {
    const { retrieve, reprint } = await packedOrderChanged();
    await h.tasks.completeTask(
      { taskId: retrieve.taskId, step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED },
      await as(clerk),
    );
    const done = await h.tasks.completeTask(
      { taskId: reprint.taskId, step: DeskTaskStep.DESK_TASK_STEP_REPRINTED },
      await as(clerk),
    );
    expect(done.change?.status).toBe(ChangeStatus.CHANGE_STATUS_DONE);
    expect(done.task?.completedBy).toEqual({ agentId: 'c-3', name: '赵六' });
  });

  it('the warehouse lists only its own desk: asking for the printing desk is refused, no desk means its own', async () => {
    const { retrieve, reprint } = await packedOrderChanged();
    const error = await h.tasks
      .listOpenTasks({ desk: Desk.DESK_PRINTING, page: undefined }, await as(warehouseHand))
      .catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
    const own = await openTaskIds(Desk.DESK_UNSPECIFIED, warehouseHand);
    expect(own).toContain(retrieve.taskId);
    expect(own).not.toContain(reprint.taskId);
  });

  it('a supervisor reads both desks but takes no task', async () => {
    const { retrieve, reprint } = await packedOrderChanged();
    expect(await openTaskIds(Desk.DESK_WAREHOUSE, supervisor)).toContain(retrieve.taskId);
    expect(await openTaskIds(Desk.DESK_PRINTING, supervisor)).toContain(reprint.taskId);
    const error = await h.tasks.acknowledgeTask({ taskId: retrieve.taskId }, await as(supervisor)).catch((e) => e);
    expect(error.code).toBe(status.PERMISSION_DENIED);
  });
});

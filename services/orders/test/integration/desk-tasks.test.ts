import { randomUUID } from 'node:crypto';
import { ChangeStatus, Desk, DeskTaskStatus, DeskTaskStep, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, confirmation, newAddress, type OrdersHarness, startOrders } from './orders-fixture.js';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const warehouseHand = { agentId: 'w-1', name: '仓库小王' };
const printer = { agentId: 'p-1', name: '打单小李' };
const taskEvents = (subject: string, taskId: string) =>
  h.events.ofSubject(subject).filter((e) => (e.data.task as { taskId: string }).taskId === taskId);

describe('warehouse and printing-desk tasks', () => {
  it('an address change of a packed order is done only when the parcel is retrieved and reprinted', async () => {
    const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    const change = await h.grpc.changeAddress({
      orderId,
      newAddress,
      agent,
      confirmation: confirmation(),
      idempotencyKey: randomUUID(),
    });
    const [retrieve, reprint] = change.tasks;
    expect(change.change?.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);

    // Each desk lists its own open tasks.
    const warehouse = await h.tasks.listOpenTasks({
      desk: Desk.DESK_WAREHOUSE,
      page: { pageSize: 200, pageToken: '' },
    });
    expect(warehouse.tasks.map((t) => t.taskId)).toContain(retrieve?.taskId);
    expect(warehouse.tasks.map((t) => t.taskId)).not.toContain(reprint?.taskId);
    const printing = await h.http('/cs.orders.v1.DeskTasksService/ListOpenTasks', { desk: 'DESK_PRINTING' });
    expect(printing.status).toBe(200);
    expect(printing.body.tasks.map((t: { taskId: string }) => t.taskId)).toContain(reprint?.taskId);

    // The printing desk cannot reprint before the parcel is back.
    const early = await h.tasks
      .completeTask({ taskId: reprint!.taskId, step: DeskTaskStep.DESK_TASK_STEP_REPRINTED, agent: printer })
      .catch((e) => e);
    expect(early.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(early.metadata).reason).toBe('desk-task.earlier-task-not-done');

    const acknowledged = await h.tasks.acknowledgeTask({ taskId: retrieve!.taskId, agent: warehouseHand });
    expect(acknowledged.task?.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_ACKNOWLEDGED);
    await h.tasks.acknowledgeTask({ taskId: retrieve!.taskId, agent: warehouseHand });

    const wrongStep = await h.tasks
      .completeTask({
        taskId: retrieve!.taskId,
        step: DeskTaskStep.DESK_TASK_STEP_DOCUMENTS_RETRIEVED,
        agent: warehouseHand,
      })
      .catch((e) => e);
    expect(richErrorDetails(wrongStep.metadata).reason).toBe('desk-task.step-does-not-complete-task');

    const retrieved = await h.tasks.completeTask({
      taskId: retrieve!.taskId,
      step: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED,
      agent: warehouseHand,
    });
    expect(retrieved.task?.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_DONE);
    expect(retrieved.change?.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);

    const reprinted = await h.http('/cs.orders.v1.DeskTasksService/CompleteTask', {
      task_id: reprint!.taskId,
      step: 'DESK_TASK_STEP_REPRINTED',
      agent: { agent_id: 'p-1', name: '打单小李' },
    });
    expect(reprinted.status).toBe(200);
    expect(reprinted.body.change.status).toBe('CHANGE_STATUS_DONE');

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

    const after = await h.tasks.listOpenTasks({ desk: Desk.DESK_PRINTING, page: undefined });
    expect(after.tasks.map((t) => t.taskId)).not.toContain(reprint?.taskId);
  });

  it('open tasks are paged', async () => {
    for (let i = 0; i < 3; i++) {
      const orderId = await h.orderAt(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
      await h.grpc.changeAddress({
        orderId,
        newAddress,
        agent,
        confirmation: confirmation(),
        idempotencyKey: randomUUID(),
      });
    }
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await h.tasks.listOpenTasks({ desk: Desk.DESK_WAREHOUSE, page: { pageSize: 2, pageToken } });
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...page.tasks.map((t) => t.taskId));
      pageToken = page.page?.nextPageToken ?? '';
    } while (pageToken);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('an unknown task is NOT_FOUND', async () => {
    const error = await h.tasks.acknowledgeTask({ taskId: randomUUID(), agent: warehouseHand }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });
});

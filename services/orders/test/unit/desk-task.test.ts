import {
  ChangeKind,
  ChangeStatus,
  ConfirmationChannel,
  Desk,
  DeskTaskKind,
  DeskTaskStatus,
  DeskTaskStep,
} from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { DeskTask } from '../../src/domain/desk-task.entity.js';
import { stepThatCompletes } from '../../src/domain/desk-task-step.rule.js';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { OrderChange } from '../../src/domain/order-change.entity.js';

const agent = { agentId: 'w-1', name: '仓库小王' };
const at = new Date('2026-11-22T03:00:00Z');

function changeWithTasks(...kinds: DeskTaskKind[]) {
  const change = OrderChange.record(
    'TB1',
    ChangeKind.CHANGE_KIND_ADDRESS,
    FulfilmentStage.FULFILMENT_STAGE_PACKED,
    {
      agent,
      at,
      timeZone: 'Asia/Shanghai',
      confirmation: { confirmedAt: at.toISOString(), channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT },
    },
    { before: 'a', after: 'b' },
  );
  const tasks = kinds.map((kind, i) =>
    DeskTask.open(
      { desk: Desk.DESK_WAREHOUSE, kind, instructions: '' },
      { orderId: 'TB1', changeId: change.id, sequence: i + 1, when: at },
    ),
  );
  change.awaitTasks(tasks);
  return { change, tasks };
}

describe('desk tasks', () => {
  it('each kind of task is completed by its step: documents retrieved, parcel retrieved, restocked, reprinted', () => {
    expect(stepThatCompletes(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS)).toBe(
      DeskTaskStep.DESK_TASK_STEP_DOCUMENTS_RETRIEVED,
    );
    expect(stepThatCompletes(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL)).toBe(
      DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED,
    );
    expect(stepThatCompletes(DeskTaskKind.DESK_TASK_KIND_RESTOCK)).toBe(DeskTaskStep.DESK_TASK_STEP_RESTOCKED);
    expect(stepThatCompletes(DeskTaskKind.DESK_TASK_KIND_REPRINT)).toBe(DeskTaskStep.DESK_TASK_STEP_REPRINTED);
    expect(stepThatCompletes(DeskTaskKind.DESK_TASK_KIND_SPECIAL_REQUEST)).toBe(
      DeskTaskStep.DESK_TASK_STEP_SPECIAL_REQUEST_HONOURED,
    );
  });

  it('is acknowledged once; acknowledging again changes nothing', () => {
    const { tasks } = changeWithTasks(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL);
    expect(tasks[0]!.acknowledge(agent, at)).toBe(true);
    expect(tasks[0]!.status).toBe(DeskTaskStatus.DESK_TASK_STATUS_ACKNOWLEDGED);
    expect(tasks[0]!.acknowledge(agent, at)).toBe(false);
  });

  it('refuses a step that does not complete its kind', () => {
    const { tasks } = changeWithTasks(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL);
    expect(() => tasks[0]!.complete(DeskTaskStep.DESK_TASK_STEP_REPRINTED, agent, at, tasks)).toThrow(RuleViolation);
  });

  it('a later task waits for the earlier ones of its change (the parcel is back before it is reprinted)', () => {
    const { tasks } = changeWithTasks(DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL, DeskTaskKind.DESK_TASK_KIND_REPRINT);
    try {
      tasks[1]!.complete(DeskTaskStep.DESK_TASK_STEP_REPRINTED, agent, at, tasks);
      expect.unreachable();
    } catch (error) {
      expect((error as RuleViolation).rule).toBe('desk-task.earlier-task-not-done');
    }
  });

  it('a change is done only when its tasks are', () => {
    const { change, tasks } = changeWithTasks(
      DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL,
      DeskTaskKind.DESK_TASK_KIND_RESTOCK,
    );
    expect(change.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);
    expect(tasks[0]!.complete(DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED, agent, at, tasks)).toBe(true);
    expect(change.taskCompleted(tasks, at)).toBe(false);
    expect(change.status).toBe(ChangeStatus.CHANGE_STATUS_AWAITING_TASKS);
    expect(tasks[1]!.complete(DeskTaskStep.DESK_TASK_STEP_RESTOCKED, agent, at, tasks)).toBe(true);
    expect(change.taskCompleted(tasks, at)).toBe(true);
    expect(change.status).toBe(ChangeStatus.CHANGE_STATUS_DONE);
    expect(change.completedAt).toEqual(at);
  });

  it('completing a done task again changes nothing', () => {
    const { tasks } = changeWithTasks(DeskTaskKind.DESK_TASK_KIND_RESTOCK);
    tasks[0]!.complete(DeskTaskStep.DESK_TASK_STEP_RESTOCKED, agent, at, tasks);
    expect(tasks[0]!.complete(DeskTaskStep.DESK_TASK_STEP_RESTOCKED, agent, at, tasks)).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  type Address,
  type Desk,
  type DeskTaskKind,
  DeskTaskStatus,
  type DeskTaskStep,
  type OrderItem,
} from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { erasedAddress } from './customer-erasure.js';
import { EARLIER_TASK_PENDING_RULE, stepThatCompletes, WRONG_STEP_RULE } from './desk-task-step.rule.js';
import type { TaskPlan } from './fulfilment-stage-table.rule.js';

/** Work the warehouse or the printing desk must do before a change is done. */
export class DeskTask {
  id!: string;
  orderId!: string;
  changeId!: string;
  desk!: Desk;
  kind!: DeskTaskKind;
  status!: DeskTaskStatus;
  /** Within its change, tasks are done in this order. */
  sequence!: number;
  instructions!: string;
  newAddress?: Address | null;
  newItems?: OrderItem[] | null;
  createdAt!: Date;
  acknowledgedAt?: Date | null;
  acknowledgedBy?: AgentRef | null;
  completedAt?: Date | null;
  completedBy?: AgentRef | null;
  completedStep?: DeskTaskStep | null;
  version!: number;

  static open(
    plan: TaskPlan,
    at: { orderId: string; changeId: string; sequence: number; when: Date },
    carrying: { newAddress?: Address; newItems?: OrderItem[] } = {},
  ): DeskTask {
    return Object.assign(new DeskTask(), {
      id: randomUUID(),
      orderId: at.orderId,
      changeId: at.changeId,
      desk: plan.desk,
      kind: plan.kind,
      status: DeskTaskStatus.DESK_TASK_STATUS_OPEN,
      sequence: at.sequence,
      instructions: plan.instructions,
      newAddress: carrying.newAddress ?? null,
      newItems: carrying.newItems ?? null,
      createdAt: at.when,
    });
  }

  /** The customer asked to be forgotten: the address the redone documents carry goes. */
  eraseCustomerData(): void {
    if (this.newAddress) this.newAddress = erasedAddress(this.newAddress);
  }

  isDone(): boolean {
    return this.status === DeskTaskStatus.DESK_TASK_STATUS_DONE;
  }

  /** Someone at the desk takes the task; false when it was already taken (or done). */
  acknowledge(agent: AgentRef, at: Date): boolean {
    if (this.status !== DeskTaskStatus.DESK_TASK_STATUS_OPEN) return false;
    this.status = DeskTaskStatus.DESK_TASK_STATUS_ACKNOWLEDGED;
    this.acknowledgedAt = at;
    this.acknowledgedBy = agent;
    return true;
  }

  /**
   * Done with the step that completes this kind of task, once the earlier tasks of its change are
   * done (the parcel must be back before it is reprinted). False when it was already done so.
   */
  complete(step: DeskTaskStep, agent: AgentRef, at: Date, tasksOfChange: DeskTask[]): boolean {
    const expected = stepThatCompletes(this.kind);
    if (step !== expected) {
      throw new RuleViolation(WRONG_STEP_RULE, `a ${this.kind} task is completed by ${expected}, not ${step}`);
    }
    if (this.isDone()) return false;
    const pending = tasksOfChange.filter((t) => t.sequence < this.sequence && !t.isDone());
    if (pending.length) {
      throw new RuleViolation(
        EARLIER_TASK_PENDING_RULE,
        `task ${this.id} waits for ${pending.map((t) => `${t.kind} (${t.id})`).join(', ')} to be done first`,
      );
    }
    if (!this.acknowledgedAt) {
      this.acknowledgedAt = at;
      this.acknowledgedBy = agent;
    }
    this.status = DeskTaskStatus.DESK_TASK_STATUS_DONE;
    this.completedAt = at;
    this.completedBy = agent;
    this.completedStep = step;
    return true;
  }
}

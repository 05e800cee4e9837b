import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  type ChangeKind,
  ChangeStatus,
  type ConfirmationChannel,
  type FulfilmentStage,
  type SpecialRequest,
} from '@cs/contracts/cs/orders/v1/order';
import { erasedChangeFacts } from './customer-erasure.js';
import type { DeskTask } from './desk-task.entity.js';

/** When and how the agent confirmed the change with the customer. */
export interface CustomerConfirmation {
  /** ISO 8601; stored as JSON. */
  confirmedAt: string;
  channel: ConfirmationChannel;
}

/** Who asked, when, how it was confirmed: the context every change request carries. */
export interface ChangeContext {
  agent: AgentRef;
  at: Date;
  timeZone: string;
  confirmation: CustomerConfirmation;
}

/** A change request on an order, from the agent's request to its last task. */
export class OrderChange {
  id!: string;
  orderId!: string;
  kind!: ChangeKind;
  status!: ChangeStatus;
  /** The stage the change saw when it committed; it decided how the change is done. */
  stageAtCommit!: FulfilmentStage;
  requestedBy!: AgentRef;
  requestedAt!: Date;
  confirmation!: CustomerConfirmation;
  before!: string;
  after!: string;
  specialRequest?: SpecialRequest | null;
  taskIds!: string[];
  /** Counts completed tasks; bumping it makes two completions of one change conflict and retry. */
  tasksDone!: number;
  completedAt?: Date | null;
  version!: number;

  static record(
    orderId: string,
    kind: ChangeKind,
    stage: FulfilmentStage,
    context: ChangeContext,
    what: { before: string; after: string; specialRequest?: SpecialRequest },
  ): OrderChange {
    return Object.assign(new OrderChange(), {
      id: randomUUID(),
      orderId,
      kind,
      status: ChangeStatus.CHANGE_STATUS_DONE,
      stageAtCommit: stage,
      requestedBy: context.agent,
      requestedAt: context.at,
      confirmation: context.confirmation,
      before: what.before,
      after: what.after,
      specialRequest: what.specialRequest ?? null,
      taskIds: [],
      tasksDone: 0,
      completedAt: context.at,
    });
  }

  /** A change with tasks is done only when its tasks are. */
  awaitTasks(tasks: DeskTask[]): void {
    if (!tasks.length) return;
    this.taskIds = tasks.map((t) => t.id);
    this.status = ChangeStatus.CHANGE_STATUS_AWAITING_TASKS;
    this.completedAt = null;
  }

  handedToAftersales(): void {
    this.status = ChangeStatus.CHANGE_STATUS_HANDED_TO_AFTERSALES;
    this.completedAt = null;
  }

  /** The customer asked to be forgotten: an address or their own words in before/after go. */
  eraseCustomerData(): void {
    Object.assign(this, erasedChangeFacts(this.kind, this));
  }

  /** One of its tasks is done; true when that was the last one and the change is now done. */
  taskCompleted(tasks: DeskTask[], at: Date): boolean {
    this.tasksDone += 1;
    if (this.status !== ChangeStatus.CHANGE_STATUS_AWAITING_TASKS) return false;
    if (!tasks.every((t) => t.isDone())) return false;
    this.status = ChangeStatus.CHANGE_STATUS_DONE;
    this.completedAt = at;
    return true;
  }
}

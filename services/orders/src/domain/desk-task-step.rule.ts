import { DeskTaskKind, DeskTaskStep } from '@cs/contracts/cs/orders/v1/order';

const completingStep: Record<DeskTaskKind, DeskTaskStep | undefined> = {
  [DeskTaskKind.DESK_TASK_KIND_UNSPECIFIED]: undefined,
  [DeskTaskKind.DESK_TASK_KIND_RETRIEVE_DOCUMENTS]: DeskTaskStep.DESK_TASK_STEP_DOCUMENTS_RETRIEVED,
  [DeskTaskKind.DESK_TASK_KIND_RETRIEVE_PARCEL]: DeskTaskStep.DESK_TASK_STEP_PARCEL_RETRIEVED,
  [DeskTaskKind.DESK_TASK_KIND_RESTOCK]: DeskTaskStep.DESK_TASK_STEP_RESTOCKED,
  [DeskTaskKind.DESK_TASK_KIND_REPRINT]: DeskTaskStep.DESK_TASK_STEP_REPRINTED,
  [DeskTaskKind.DESK_TASK_KIND_SPECIAL_REQUEST]: DeskTaskStep.DESK_TASK_STEP_SPECIAL_REQUEST_HONOURED,
};

/** The step that completes a task: documents retrieved, parcel retrieved, restocked, reprinted, … */
export function stepThatCompletes(kind: DeskTaskKind): DeskTaskStep | undefined {
  return completingStep[kind];
}

export const WRONG_STEP_RULE = 'desk-task.step-does-not-complete-task';
export const EARLIER_TASK_PENDING_RULE = 'desk-task.earlier-task-not-done';

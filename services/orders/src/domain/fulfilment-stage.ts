import { FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';

export { FulfilmentStage };

const progression = [
  FulfilmentStage.FULFILMENT_STAGE_PLACED,
  FulfilmentStage.FULFILMENT_STAGE_PAID,
  FulfilmentStage.FULFILMENT_STAGE_PRINTED,
  FulfilmentStage.FULFILMENT_STAGE_PACKED,
  FulfilmentStage.FULFILMENT_STAGE_SHIPPED,
];

/** Position in the warehouse flow; facts only ever move an order forward. */
export function stageRank(stage: FulfilmentStage): number {
  return progression.indexOf(stage);
}

export function isKnownStage(stage: FulfilmentStage): boolean {
  return stageRank(stage) >= 0;
}

/** 未打单: placed or paid, the delivery note not yet printed. */
export function isNotPrinted(stage: FulfilmentStage): boolean {
  return stageRank(stage) < stageRank(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
}

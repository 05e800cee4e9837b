/** The order desk's fulfilment stages in order; paid or any later stage means the order was paid. */
const stageOrder = [
  'FULFILMENT_STAGE_PLACED',
  'FULFILMENT_STAGE_PAID',
  'FULFILMENT_STAGE_PRINTED',
  'FULFILMENT_STAGE_PACKED',
  'FULFILMENT_STAGE_SHIPPED',
];

export function isPaidStage(stage: string): boolean {
  return stageOrder.indexOf(stage) >= stageOrder.indexOf('FULFILMENT_STAGE_PAID');
}

/** `FULFILMENT_STAGE_PACKED` → `packed`, for timeline lines. */
export function stageLabel(stage: string): string {
  return stage.replace(/^FULFILMENT_STAGE_/, '').toLowerCase();
}

/** 19900 fen → "199.00 CNY". */
export function moneyLabel(amountFen: number, currency: string): string {
  return `${(amountFen / 100).toFixed(2)} ${currency || 'CNY'}`;
}

import { WarehouseTaskKind } from '@cs/contracts/cs/orders/v1/order';
import { describe, expect, it } from 'vitest';
import { addressChangeHandling } from '../../src/domain/address-change-handling.rule.js';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';

describe('fulfilment-stage table: change of address', () => {
  it('not printed (placed, unpaid): changed in the back office', () => {
    expect(addressChangeHandling(FulfilmentStage.FULFILMENT_STAGE_PLACED)).toEqual({ kind: 'change-in-back-office' });
  });

  it('not printed (paid): changed in the back office', () => {
    expect(addressChangeHandling(FulfilmentStage.FULFILMENT_STAGE_PAID)).toEqual({ kind: 'change-in-back-office' });
  });

  it('printed: the warehouse hands back the delivery note and waybill', () => {
    expect(addressChangeHandling(FulfilmentStage.FULFILMENT_STAGE_PRINTED)).toMatchObject({
      kind: 'warehouse-task',
      task: WarehouseTaskKind.WAREHOUSE_TASK_KIND_RETRIEVE_DOCUMENTS,
    });
  });

  it('packed and labelled: the warehouse hands back the parcel to reprint', () => {
    const handling = addressChangeHandling(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    expect(handling).toMatchObject({
      kind: 'warehouse-task',
      task: WarehouseTaskKind.WAREHOUSE_TASK_KIND_RETRIEVE_PARCEL,
    });
    expect(handling.kind === 'warehouse-task' && handling.instructions).toContain('reprint');
  });

  it('shipped: not the order desk’s to change, handed over to after-sales', () => {
    expect(addressChangeHandling(FulfilmentStage.FULFILMENT_STAGE_SHIPPED).kind).toBe('hand-over-to-aftersales');
  });
});

import { RemarkFlag, WarehouseTaskStatus } from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { FulfilmentStage } from '../../src/domain/fulfilment-stage.js';
import { Order } from '../../src/domain/order.aggregate.js';

const oldAddress = {
  recipientName: '李四',
  phone: '13800001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  street: '文三路1号',
  postalCode: '',
};
const newAddress = { ...oldAddress, street: '文一路99号' };
const agent = { agentId: 'a-7', name: '张三' };
const at = new Date('2026-11-22T03:00:00Z');

function order(stage: FulfilmentStage = FulfilmentStage.FULFILMENT_STAGE_PLACED): Order {
  const placed = Order.place({
    id: 'TB1001',
    customer: { customerId: 'buyer-1', displayName: '李四' },
    items: [{ sku: 'MUG-RED', title: 'Mug', quantity: 1, unitPrice: { amountMinor: 1999, currency: 'CNY' } }],
    address: oldAddress,
    total: { amountMinor: 1999, currency: 'CNY' },
    placedAt: at,
  });
  placed.version = 1;
  if (stage !== FulfilmentStage.FULFILMENT_STAGE_PLACED) placed.reachStage(stage as never, at);
  return placed;
}

describe('Order', () => {
  it('moves forward with each fulfilment fact and records when', () => {
    const o = order();
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PAID, at)).toBe(true);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PRINTED, at)).toBe(true);
    expect(o.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    expect(o.printedAt).toEqual(at);
  });

  it('ignores a repeated or late older fact', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PACKED);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PRINTED, at)).toBe(false);
    expect(o.reachStage(FulfilmentStage.FULFILMENT_STAGE_PACKED, at)).toBe(false);
    expect(o.stage).toBe(FulfilmentStage.FULFILMENT_STAGE_PACKED);
  });

  it('not printed: the address is changed with a red remark in the handbook form', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PAID);
    const decision = o.changeAddress(newAddress, agent, at, 'Asia/Shanghai');
    expect(decision.outcome).toBe('changed');
    expect(o.address).toEqual(newAddress);
    expect(decision.previousAddress).toEqual(oldAddress);
    expect(decision.remark.text).toBe(
      '客户要求修改地址，新地址为：李四，13800001111，浙江省杭州市西湖区文一路99号 ---2026.11.22 张三',
    );
    expect(decision.remark.flag).toBe(RemarkFlag.REMARK_FLAG_RED);
    expect(o.remarks).toHaveLength(1);
  });

  it('printed: the change opens a warehouse task carrying the new address', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_PRINTED);
    const decision = o.changeAddress(newAddress, agent, at, 'Asia/Shanghai');
    expect(decision.outcome).toBe('warehouse-task');
    if (decision.outcome !== 'warehouse-task') return;
    expect(decision.task).toMatchObject({
      orderId: 'TB1001',
      status: WarehouseTaskStatus.WAREHOUSE_TASK_STATUS_OPEN,
      newAddress,
    });
  });

  it('shipped: the change is refused naming the rule, and the order is untouched', () => {
    const o = order(FulfilmentStage.FULFILMENT_STAGE_SHIPPED);
    expect(() => o.changeAddress(newAddress, agent, at, 'Asia/Shanghai')).toThrow(RuleViolation);
    try {
      o.changeAddress(newAddress, agent, at, 'Asia/Shanghai');
    } catch (error) {
      expect((error as RuleViolation).rule).toBe('order-desk.shipped-order-goes-to-aftersales');
    }
    expect(o.address).toEqual(oldAddress);
    expect(o.remarks).toHaveLength(0);
  });

  it('dates the remark in the shop’s time zone, not UTC', () => {
    const lateEvening = new Date('2026-11-22T17:30:00Z'); // 01:30 on the 23rd in Shanghai
    const decision = order().changeAddress(newAddress, agent, lateEvening, 'Asia/Shanghai');
    expect(decision.remark.text.endsWith('---2026.11.23 张三')).toBe(true);
  });
});

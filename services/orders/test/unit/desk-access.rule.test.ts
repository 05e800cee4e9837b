import { Desk } from '@cs/contracts/cs/orders/v1/order';
import { PermissionDenied } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import {
  checkWorksAtDesk,
  desksSeenBy,
  desksWorkedBy,
  deskToList,
  OWN_DESK_RULE,
} from '../../src/domain/desk-access.rule.js';

const staff = (...roles: string[]) => ({ agentId: 'x-1', name: '某人', roles });
const { DESK_WAREHOUSE: warehouse, DESK_PRINTING: printing, DESK_UNSPECIFIED: unset } = Desk;

describe('desk-task.own-desk-only', () => {
  it('the warehouse works its tasks, the printing desk its own, the order desk both', () => {
    expect(desksWorkedBy(staff('warehouse-staff'))).toEqual([warehouse]);
    expect(desksWorkedBy(staff('printing-desk-staff'))).toEqual([printing]);
    expect(desksWorkedBy(staff('order-desk-clerk'))).toEqual([warehouse, printing]);
    expect(desksWorkedBy(staff('warehouse-staff', 'printing-desk-staff'))).toEqual([warehouse, printing]);
    expect(desksWorkedBy(staff('supervisor', 'front-line-agent'))).toEqual([]);
  });

  it('a task of another desk is refused with PERMISSION_DENIED naming the rule', () => {
    expect(() => checkWorksAtDesk(staff('warehouse-staff'), warehouse)).not.toThrow();
    const refusal = (() => {
      try {
        checkWorksAtDesk(staff('printing-desk-staff'), warehouse);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(PermissionDenied);
    expect((refusal as Error).message).toContain(OWN_DESK_RULE);
    expect(() => checkWorksAtDesk(staff('order-desk-clerk'), printing)).not.toThrow();
  });

  it('supervisors, managers and integrators read both lists; desk staff their own', () => {
    for (const role of ['supervisor', 'manager', 'integrator', 'order-desk-clerk']) {
      expect(desksSeenBy(staff(role))).toEqual([warehouse, printing]);
    }
    expect(desksSeenBy(staff('printing-desk-staff'))).toEqual([printing]);
  });

  it('listing: another desk is refused, no desk means the only one seen, otherwise it stays unset', () => {
    expect(() => deskToList(staff('warehouse-staff'), printing)).toThrow(PermissionDenied);
    expect(deskToList(staff('warehouse-staff'), unset)).toBe(warehouse);
    expect(deskToList(staff('supervisor'), unset)).toBe(unset);
    expect(deskToList(staff('supervisor'), printing)).toBe(printing);
  });
});

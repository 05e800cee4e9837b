import { describe, expect, it } from 'vitest';
import { renderAccessTable, UndeclaredAccess } from '../../scripts/codegen/access-table.mjs';

const service = (methods: Parameters<typeof renderAccessTable>[0][number]['methods']) => [
  { fullName: 'cs.orders.v1.StockService', methods },
];

describe('the access table generated from the (cs.common.v1.access) options', () => {
  it('maps each RPC to its roles as tokens name them, and its audit and intake flags', () => {
    const source = renderAccessTable(
      service([
        {
          name: 'RecordStockLevel',
          output: 'cs.orders.v1.RecordStockLevelResponse',
          access: { roles: ['ROLE_SERVICE', 'ROLE_ORDER_DESK_CLERK'], command: true, intake: true },
        },
      ]),
    );
    expect(source).toContain(
      `'/cs.orders.v1.StockService/RecordStockLevel': {"roles":["service","order-desk-clerk"],"command":true,"readsPersonalData":false,"intake":true,"response":"cs.orders.v1.RecordStockLevelResponse"}`,
    );
  });

  it('stops the build naming every RPC that declares no roles', () => {
    const render = () =>
      renderAccessTable(
        service([
          { name: 'RecordStockLevel', output: 'x', access: { roles: ['ROLE_SERVICE'] } },
          { name: 'PromiseShipDate', output: 'y' },
          { name: 'Forgotten', output: 'z', access: { roles: [] } },
        ]),
      );
    expect(render).toThrow(UndeclaredAccess);
    expect(render).toThrow(/StockService\/PromiseShipDate\n\s+cs\.orders\.v1\.StockService\/Forgotten/);
  });
});

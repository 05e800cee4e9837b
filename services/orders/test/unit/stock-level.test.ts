import { describe, expect, it } from 'vitest';
import { StockLevel } from '../../src/domain/stock-level.entity.js';

const t = (minute: number) => new Date(Date.UTC(2026, 10, 22, 3, minute));

describe('low stock (低于10件)', () => {
  it('a listed SKU dropping below 10 units raises the alert once, not again until it recovers', () => {
    const level = StockLevel.first('MUG-RED');
    expect(level.report(12, t(1))).toBe('none');
    expect(level.report(9, t(2))).toBe('low-stock-alert');
    expect(level.report(5, t(3))).toBe('unchanged-alerting');
    expect(level.report(10, t(4))).toBe('recovered');
    expect(level.report(3, t(5))).toBe('low-stock-alert');
  });

  it('10 units is not low stock', () => {
    expect(StockLevel.first('X').report(10, t(1))).toBe('none');
  });

  it('a report older than the one held changes nothing', () => {
    const level = StockLevel.first('X');
    level.report(50, t(5));
    expect(level.report(1, t(4))).toBe('stale');
    expect(level.units).toBe(50);
  });
});

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

describe('StockLevel.restock (入库 of a cancelled packed order)', () => {
  const at = (iso: string) => new Date(iso);

  it('adds the units back, and a platform report taken before the restock no longer overwrites them', () => {
    const level = StockLevel.first('MUG-RED');
    level.report(3, at('2026-11-22T08:00:00Z'));
    level.restock(2, at('2026-11-22T09:00:00Z'));
    expect(level.units).toBe(5);
    expect(level.report(3, at('2026-11-22T08:30:00Z'))).toBe('stale');
    expect(level.units).toBe(5);
    // The platform's next count is authoritative again.
    level.report(7, at('2026-11-22T10:00:00Z'));
    expect(level.units).toBe(7);
  });

  it('ends a low-stock alert when the goods bring it back to the threshold, and never raises one', () => {
    const level = StockLevel.first('MUG-RED');
    expect(level.report(8, at('2026-11-22T08:00:00Z'))).toBe('low-stock-alert');
    expect(level.restock(1, at('2026-11-22T09:00:00Z'))).toBe('none');
    expect(level.restock(1, at('2026-11-22T09:05:00Z'))).toBe('recovered');
    expect(level.lowStockAlerted).toBe(false);
    expect(StockLevel.first('NEW').restock(2, at('2026-11-22T09:00:00Z'))).toBe('none');
  });
});

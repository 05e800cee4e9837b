/** Fewer units than this on a listed SKU and the team is alerted (handbook: 低于10件). */
export const LOW_STOCK_THRESHOLD = 10;

export type StockLevelChange = 'low-stock-alert' | 'recovered' | 'unchanged-alerting' | 'none' | 'stale';

/** A listed SKU's stock, as the shop platform last reported it. */
export class StockLevel {
  sku!: string;
  units!: number;
  reportedAt!: Date;
  /** True from the alert until the stock recovers: the alert is raised once. */
  lowStockAlerted!: boolean;
  version!: number;

  static first(sku: string): StockLevel {
    return Object.assign(new StockLevel(), { sku, units: 0, reportedAt: new Date(0), lowStockAlerted: false });
  }

  inStock(): boolean {
    return this.units > 0;
  }

  /**
   * A new report from the platform. Dropping below the threshold raises the alert once; it is
   * raised again only after the stock has recovered. Reports older than the one held change nothing.
   */
  report(units: number, at: Date): StockLevelChange {
    if (at.getTime() < this.reportedAt.getTime()) return 'stale';
    this.units = units;
    this.reportedAt = at;
    return this.checkThreshold();
  }

  /**
   * 入库: the warehouse put `units` back into stock (a cancelled packed order). The level counts
   * them at once, so the shipping promise and the low-stock alert see them; a platform report
   * taken before the restock is then older than this level and ignored, and the platform's next
   * report, which counts the goods, is authoritative again.
   */
  restock(units: number, at: Date): StockLevelChange {
    this.units += units;
    if (at.getTime() > this.reportedAt.getTime()) this.reportedAt = at;
    // Goods coming back never raise a low-stock alert; they may end one.
    if (this.lowStockAlerted && this.units >= LOW_STOCK_THRESHOLD) return this.checkThreshold();
    return 'none';
  }

  private checkThreshold(): StockLevelChange {
    const units = this.units;
    const low = units < LOW_STOCK_THRESHOLD;
    if (low && !this.lowStockAlerted) {
      this.lowStockAlerted = true;
      return 'low-stock-alert';
    }
    if (!low && this.lowStockAlerted) {
      this.lowStockAlerted = false;
      return 'recovered';
    }
    return low ? 'unchanged-alerting' : 'none';
  }
}

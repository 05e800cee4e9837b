import { ReportPeriod } from '@cs/contracts/cs/complaints/v1/reports_service';
import { InvalidArgument, Violations } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import {
  checkMonth,
  checkReportRequest,
  isShopDate,
  monthRange,
  reportRange,
} from '../../src/application/report-period.js';

const tz = 'Asia/Shanghai';

describe('report periods in shop time', () => {
  it('a day runs from local midnight to local midnight', () => {
    expect(reportRange(ReportPeriod.REPORT_PERIOD_DAY, '2026-12-03', tz)).toEqual({
      from: new Date('2026-12-02T16:00:00Z'),
      to: new Date('2026-12-03T16:00:00Z'),
      fromDate: '2026-12-03',
      toDate: '2026-12-03',
    });
  });

  it('a week runs Monday to Sunday, whatever day of it is asked', () => {
    const week = reportRange(ReportPeriod.REPORT_PERIOD_WEEK, '2026-12-06', tz);
    expect(week).toMatchObject({ fromDate: '2026-11-30', toDate: '2026-12-06' });
    expect(week.from).toEqual(new Date('2026-11-29T16:00:00Z'));
    expect(reportRange(ReportPeriod.REPORT_PERIOD_WEEK, '2026-11-30', tz).fromDate).toBe('2026-11-30');
  });

  it('a month covers its local days: December 2026 is 30 Nov 16:00Z to 31 Dec 16:00Z', () => {
    expect(monthRange('2026-12', tz)).toEqual({
      from: new Date('2026-11-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
      fromDate: '2026-12-01',
      toDate: '2026-12-31',
    });
    expect(monthRange('2028-02', tz).toDate).toBe('2028-02-29');
  });

  it('only real dates and months are accepted', () => {
    expect(isShopDate('2026-02-30')).toBe(false);
    expect(isShopDate('2026-2-3')).toBe(false);
    expect(isShopDate('2028-02-29')).toBe(true);
    const v = new Violations();
    checkMonth('2026-13', v);
    checkReportRequest(ReportPeriod.REPORT_PERIOD_UNSPECIFIED, '2026-02-30', v);
    let thrown: unknown;
    try {
      v.throwIfAny();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgument);
    expect((thrown as InvalidArgument).violations.map((x) => x.field)).toEqual(['month', 'period', 'date']);
  });
});

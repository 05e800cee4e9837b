import { ReportPeriod } from '@cs/contracts/cs/complaints/v1/reports_service';
import { Injectable } from '@nestjs/common';
import { GetComplaintReportHandler } from './get-complaint-report.handler.js';
import { toCsv } from './report-csv.js';

const periods: Record<string, ReportPeriod> = {
  day: ReportPeriod.REPORT_PERIOD_DAY,
  week: ReportPeriod.REPORT_PERIOD_WEEK,
};

const columns = ['section', 'key', 'name', 'value', 'samples'];

/**
 * The complaint report as CSV, one figure per row (section, key, value), so a spreadsheet can pivot
 * it: the same figures as GetComplaintReport for ?period=day|week&date=YYYY-MM-DD.
 */
@Injectable()
export class ExportComplaintReportHandler {
  constructor(private readonly report: GetComplaintReportHandler) {}

  async execute(request: { period?: string; date?: string }): Promise<string> {
    const period = periods[request.period ?? ''] ?? ReportPeriod.REPORT_PERIOD_UNSPECIFIED;
    const r = await this.report.execute({ period, date: request.date ?? '' });
    const rows: unknown[][] = [
      ['period', request.period, '', `${r.fromDate}..${r.toDate}`, ''],
      ['opened', '', '', r.opened, ''],
      ['archived', '', '', r.archived, ''],
      ...r.bySource.map((c) => ['by_source', c.key, '', c.count, '']),
      ...r.byNature.map((c) => ['by_nature', c.key, '', c.count, '']),
      ...r.byRootCause.map((c) => ['by_root_cause', c.key, '', c.count, '']),
      ...r.byResponsibility.map((c) => ['by_responsibility', c.key, '', c.count, '']),
      ...r.byOutcome.map((c) => ['by_outcome', c.key, '', c.count, '']),
      ...r.stepDurations.map((s) => ['step_mean_business_minutes', s.step, '', s.meanBusinessMinutes, s.samples]),
      ['overdue_rate', '', '', r.overdueRate, ''],
      ['mean_evaluation', '', '', r.meanEvaluation, r.evaluations],
      ...r.byHandler.flatMap((h) => {
        const id = h.handler?.agentId;
        const name = h.handler?.name;
        return [
          ['handler_opened', id, name, h.opened, ''],
          ['handler_archived', id, name, h.archived, ''],
          ['handler_overdue_steps', id, name, h.overdueSteps, ''],
          ['handler_mean_evaluation', id, name, h.meanEvaluation, ''],
        ];
      }),
      ...r.proposals.map((p) => [
        'improvement_proposal',
        [p.rootCause?.type, p.rootCause?.category, p.rootCause?.subcategory].join('/'),
        p.proposedBy?.name,
        p.text,
        '',
      ]),
    ];
    return toCsv(columns, rows);
  }
}

import { SameAccessAs } from '@cs/auth';
import type { HttpResponse } from '@cs/service-kit';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ExportComplaintReportHandler } from '../application/export-complaint-report.handler.js';
import { ExportScoreSheetHandler } from '../application/export-score-sheet.handler.js';

/**
 * The score sheet and the complaint report as CSV. Whoever may read the RPC may export it (bearer
 * token required); bad input is answered by the platform's HTTP error filter: 400 naming the field.
 */
@Controller('complaints')
export class ComplaintReportsCsvHttpController {
  constructor(
    private readonly scoreSheet: ExportScoreSheetHandler,
    private readonly report: ExportComplaintReportHandler,
  ) {}

  /** GET /complaints/score-sheet.csv?month=YYYY-MM */
  @Get('score-sheet.csv')
  @SameAccessAs('/cs.complaints.v1.ComplaintReportsService/GetScoreSheet')
  async exportScoreSheet(@Res() response: HttpResponse, @Query('month') month?: string): Promise<void> {
    const csv = await this.scoreSheet.execute({ month });
    response.status(200).type('text/csv; charset=utf-8').send(csv);
  }

  /** GET /complaints/report.csv?period=day|week&date=YYYY-MM-DD */
  @Get('report.csv')
  @SameAccessAs('/cs.complaints.v1.ComplaintReportsService/GetComplaintReport')
  async exportReport(
    @Res() response: HttpResponse,
    @Query('period') period?: string,
    @Query('date') date?: string,
  ): Promise<void> {
    const csv = await this.report.execute({ period, date });
    response.status(200).type('text/csv; charset=utf-8').send(csv);
  }
}

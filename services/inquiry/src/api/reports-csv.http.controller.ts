import { SameAccessAs } from '@cs/auth';
import type { HttpResponse } from '@cs/service-kit';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ExportConversationsHandler } from '../application/export-conversations.handler.js';

/** GET /reports/conversations.csv?from=<ISO>&to=<ISO>: one row per conversation opened in [from, to). */
@Controller('reports')
export class ReportsCsvHttpController {
  constructor(private readonly exporter: ExportConversationsHandler) {}

  /**
   * The report's rows, so whoever may read the report may export it (bearer token required).
   * Bad input is answered by the platform's HTTP error filter: 400 invalid_argument naming the field.
   */
  @Get('conversations.csv')
  @SameAccessAs('/cs.inquiry.v1.ReportsService/GetReport')
  async exportConversations(
    @Res() response: HttpResponse,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<void> {
    const csv = await this.exporter.execute({ from, to });
    response.status(200).type('text/csv; charset=utf-8').send(csv);
  }
}

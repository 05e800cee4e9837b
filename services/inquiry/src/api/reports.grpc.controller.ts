import {
  type GetReportRequest,
  type ReportsServiceController,
  ReportsServiceControllerMethods,
} from '@cs/contracts/cs/inquiry/v1/reports_service';
import { Controller } from '@nestjs/common';
import { GetReportHandler } from '../application/get-report.handler.js';

/** cs.inquiry.v1.ReportsService: translation only. */
@Controller()
@ReportsServiceControllerMethods()
export class ReportsGrpcController implements ReportsServiceController {
  constructor(private readonly report: GetReportHandler) {}

  getReport(request: GetReportRequest) {
    return this.report.execute(request);
  }
}

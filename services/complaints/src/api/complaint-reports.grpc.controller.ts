import { agentRefOf } from '@cs/auth';
import {
  type ComplaintReportsServiceController,
  ComplaintReportsServiceControllerMethods,
  type GetComplaintReportRequest,
  type GetComplaintReportResponse,
  type GetScoreSheetRequest,
  type GetScoreSheetResponse,
  type RecordImprovementProposalRequest,
  type RecordImprovementProposalResponse,
} from '@cs/contracts/cs/complaints/v1/reports_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GetComplaintReportHandler } from '../application/get-complaint-report.handler.js';
import { GetScoreSheetHandler } from '../application/get-score-sheet.handler.js';
import { RecordImprovementProposalHandler } from '../application/record-improvement-proposal.handler.js';

/** cs.complaints.v1.ComplaintReportsService: translation only; the proposer is the verified caller. */
@Controller()
@ComplaintReportsServiceControllerMethods()
export class ComplaintReportsGrpcController implements ComplaintReportsServiceController {
  constructor(
    private readonly scoreSheet: GetScoreSheetHandler,
    private readonly report: GetComplaintReportHandler,
    private readonly proposals: RecordImprovementProposalHandler,
  ) {}

  getScoreSheet(request: GetScoreSheetRequest): Promise<GetScoreSheetResponse> {
    return this.scoreSheet.execute(request);
  }

  getComplaintReport(request: GetComplaintReportRequest): Promise<GetComplaintReportResponse> {
    return this.report.execute(request);
  }

  recordImprovementProposal(
    request: RecordImprovementProposalRequest,
    metadata?: Metadata,
  ): Promise<RecordImprovementProposalResponse> {
    return this.proposals.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}

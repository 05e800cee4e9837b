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
    // The key may also come as `idempotency-key` metadata (the HTTP header of that name).
    const fromMetadata = metadata?.get('idempotency-key')[0];
    const idempotencyKey = request.idempotencyKey || (typeof fromMetadata === 'string' ? fromMetadata : '');
    return this.proposals.execute({ ...request, idempotencyKey }, agentRefOf(metadata));
  }
}

import { Injectable } from '@nestjs/common';
import { GetScoreSheetHandler } from './get-score-sheet.handler.js';
import { toCsv, yuan } from './report-csv.js';

const columns = [
  'month',
  'agent_id',
  'agent_name',
  'complaints_caused',
  'complaints_handled',
  'penalty_total_cny',
  // In force, in the order imposed: 20.00;40.00;…
  'penalties_cny',
  'reversed_penalties',
];

/** The score sheet as CSV: one row per agent, the same figures as GetScoreSheet. */
@Injectable()
export class ExportScoreSheetHandler {
  constructor(private readonly scoreSheet: GetScoreSheetHandler) {}

  async execute(request: { month?: string }): Promise<string> {
    const sheet = await this.scoreSheet.execute({ month: request.month ?? '' });
    const rows = sheet.lines.map((line) => [
      sheet.month,
      line.agent?.agentId,
      line.agent?.name,
      line.complaintsCaused,
      line.complaintsHandled,
      yuan(line.penaltyTotal?.amountMinor ?? 0),
      line.penalties
        .filter((p) => !p.reversedAt)
        .map((p) => yuan(p.amount?.amountMinor ?? 0))
        .join(';'),
      line.penalties.filter((p) => p.reversedAt).length,
    ]);
    return toCsv(columns, rows);
  }
}

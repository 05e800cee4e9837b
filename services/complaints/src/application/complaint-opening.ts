import { randomUUID } from 'node:crypto';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import type { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintsConfig } from '../complaints.config.js';
import { Complaint } from '../domain/complaint.aggregate.js';
import { complaintNumber, complaintNumberDay } from '../domain/complaint-number.rule.js';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { writeComplaintEvents } from './complaint.events.js';
import { IncidentDetection } from './incident-detection.js';
import { StepDeadlines } from './step-deadlines.js';

export interface OpeningRequest {
  source: ComplaintSource;
  sourceReference: string;
  /** One file per source: the originating event or reference. */
  sourceKey?: string;
  customer: CustomerRef;
  conversationId: string;
  orderIds: string[];
  skus: string[];
  description: string;
  remedySought: string;
  claimedNature: ComplaintNature;
  severity: Severity;
  externalDeadline?: Date;
  openedBy: AgentRef;
}

/**
 * Step 1 (受理), whoever opens the file: numbers it for the shop day, sets the first step's deadline,
 * lets emergency mode group it, and writes ComplaintOpened and the apology (ComplaintAcknowledged)
 * to the outbox, all in the caller's transaction. A source already on file returns that file.
 */
@Injectable()
export class ComplaintOpening {
  constructor(
    private readonly deadlines: StepDeadlines,
    private readonly incidents: IncidentDetection,
    @Inject(CONFIG) private readonly config: Pick<ComplaintsConfig, 'shopTimezone'>,
  ) {}

  async open(
    em: EntityManager,
    request: OpeningRequest,
    at: Date,
  ): Promise<{ complaint: Complaint; created: boolean }> {
    if (request.sourceKey) {
      const existing = await ComplaintRepository.findBySourceKey(em, request.sourceKey);
      if (existing) return { complaint: existing, created: false };
    }
    const day = complaintNumberDay(at, this.config.shopTimezone);
    const complaint = Complaint.open(
      { ...request, id: randomUUID(), number: complaintNumber(day, await takeNumberOfDay(em, day)) },
      at,
    );
    complaint.schedule(this.deadlines.dueAt);
    complaint.joinIncident(await this.incidents.check(em, { complaintId: complaint.id, skus: complaint.skus, at }));
    await ComplaintRepository.save(em, complaint);
    await writeComplaintEvents(em, complaint, 0);
    return { complaint, created: true };
  }
}

/**
 * The file's place in its shop day, taken like a sequence value: in its own statement outside the
 * opening transaction, so the day's counter row is locked for one statement, not for every opening
 * of the day one after another. An opening that rolls back leaves a gap; numbers stay unique.
 */
async function takeNumberOfDay(em: EntityManager, day: string): Promise<number> {
  const rows = await em.getConnection().execute<{ last_value: number }[]>(
    `insert into complaint_number_counter (day, last_value) values (?, 1)
     on conflict (day) do update set last_value = complaint_number_counter.last_value + 1
     returning last_value`,
    [day],
  );
  return Number(rows[0]!.last_value);
}

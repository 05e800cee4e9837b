import type { GetEvidenceRequest, GetEvidenceResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { complaintView } from './complaint.view.js';
import { EvidenceStore, evidenceKey } from './evidence.store.js';

@Injectable()
export class GetEvidenceHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EvidenceStore,
  ) {}

  async execute(request: GetEvidenceRequest): Promise<GetEvidenceResponse> {
    new Violations()
      .require('complaint_id', request.complaintId)
      .require('evidence_id', request.evidenceId)
      .throwIfAny();
    const em = this.orm.em.fork();
    const complaint = await ComplaintRepository.load(em, request.complaintId);
    const evidence = complaintView(complaint).evidence.find((e) => e.evidenceId === request.evidenceId);
    const object = evidence && (await this.store.get(em, evidenceKey(complaint.id, evidence.evidenceId)));
    if (!evidence || !object) throw new NotFound('evidence', request.evidenceId);
    return { evidence, content: object.content };
  }
}

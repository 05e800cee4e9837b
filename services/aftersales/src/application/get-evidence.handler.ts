import type { GetEvidenceRequest, GetEvidenceResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadCase } from '../infrastructure/case.repository.js';
import { evidenceKey } from './attach-evidence.handler.js';
import { caseView } from './case.view.js';
import { EvidenceStore } from './evidence.store.js';

@Injectable()
export class GetEvidenceHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: EvidenceStore,
  ) {}

  async execute(request: GetEvidenceRequest): Promise<GetEvidenceResponse> {
    new Violations().require('case_id', request.caseId).require('evidence_id', request.evidenceId).throwIfAny();
    const em = this.orm.em.fork();
    const kase = await loadCase(em, request.caseId);
    const evidence = caseView(kase).evidence.find((e) => e.evidenceId === request.evidenceId);
    const object = evidence && (await this.store.get(em, evidenceKey(kase.id, evidence.evidenceId)));
    if (!evidence || !object) throw new NotFound('evidence', request.evidenceId);
    return { evidence, content: object.content };
  }
}

import { randomUUID } from 'node:crypto';
import type { AttachEvidenceRequest, AttachEvidenceResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import type { EvidenceRecord } from '../domain/case-records.js';
import { EVIDENCE_IMAGE_TYPES, MAX_PHOTO_BYTES, MAX_PHOTOS } from '../domain/evidence-limits.rule.js';
import { CaseStepRunner } from './case-step.runner.js';
import { EvidenceStore } from './evidence.store.js';

/** Photos/screenshots of a quality problem: bytes in the blob store, listed on the case. */
@Injectable()
export class AttachEvidenceHandler {
  constructor(
    private readonly steps: CaseStepRunner,
    private readonly store: EvidenceStore,
  ) {}

  execute(request: AttachEvidenceRequest, actor: AgentRef): Promise<AttachEvidenceResponse> {
    const violations = CaseStepRunner.violations(request);
    if (!request.photos.length || request.photos.length > MAX_PHOTOS)
      violations.add('photos', `must hold 1..${MAX_PHOTOS} photos`);
    request.photos.forEach((photo, i) => {
      if (!photo.content?.length) violations.add(`photos[${i}].content`, 'is required');
      else if (photo.content.length > MAX_PHOTO_BYTES) violations.add(`photos[${i}].content`, 'must be at most 3 MiB');
      if (!EVIDENCE_IMAGE_TYPES.includes(photo.contentType))
        violations.add(`photos[${i}].content_type`, `must be one of ${EVIDENCE_IMAGE_TYPES.join(', ')}`);
      checkLength(photo.description, `photos[${i}].description`, 200, violations);
    });
    return this.steps.run('AttachEvidence', request, actor, violations, async (kase, _agent, at, em) => {
      const records: EvidenceRecord[] = request.photos.map((photo) => ({
        id: randomUUID(),
        contentType: photo.contentType,
        description: photo.description,
        sizeBytes: photo.content.length,
        attachedAt: at.toISOString(),
      }));
      // The rule first, so nothing is stored for a case that cannot take evidence.
      kase.attachEvidence(records);
      for (const [i, record] of records.entries()) {
        await this.store.put(em, evidenceKey(kase.id, record.id), {
          contentType: record.contentType,
          content: request.photos[i]!.content,
        });
      }
    });
  }
}

export const evidenceKey = (caseId: string, evidenceId: string) => `cases/${caseId}/evidence/${evidenceId}`;

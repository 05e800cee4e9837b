import { randomUUID } from 'node:crypto';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { AttachEvidenceRequest, AttachEvidenceResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { MAX_EVIDENCE } from '../domain/complaint.aggregate.js';
import type { EvidenceRecord } from '../domain/complaint-records.js';
import { ComplaintStepRunner } from './complaint-step.runner.js';
import { EvidenceStore, evidenceKey } from './evidence.store.js';

const imageTypes = ['image/jpeg', 'image/png', 'image/webp'];
// As after-sales: the platform limits requests to 4 MiB (MAX_REQUEST_BYTES), base64 over HTTP included.
const MAX_PHOTO_BYTES = 3 * 1024 * 1024;

/** Step 2: photos and screenshots, stored in the evidence store and listed on the file. */
@Injectable()
export class AttachEvidenceHandler {
  constructor(
    private readonly steps: ComplaintStepRunner,
    private readonly store: EvidenceStore,
  ) {}

  execute(request: AttachEvidenceRequest, agent: AgentRef): Promise<AttachEvidenceResponse> {
    const violations = ComplaintStepRunner.violations(request);
    if (!request.photos.length || request.photos.length > MAX_EVIDENCE)
      violations.add('photos', `must hold 1..${MAX_EVIDENCE} photos`);
    request.photos.forEach((photo, i) => {
      if (!photo.content?.length) violations.add(`photos[${i}].content`, 'is required');
      else if (photo.content.length > MAX_PHOTO_BYTES) violations.add(`photos[${i}].content`, 'must be at most 3 MiB');
      if (!imageTypes.includes(photo.contentType))
        violations.add(`photos[${i}].content_type`, `must be one of ${imageTypes.join(', ')}`);
      checkLength(photo.description, `photos[${i}].description`, 200, violations);
    });
    return this.steps.run('AttachEvidence', request, agent, violations, async (complaint, actor, at, em) => {
      const records: EvidenceRecord[] = request.photos.map((photo) => ({
        id: randomUUID(),
        contentType: photo.contentType,
        description: photo.description,
        sizeBytes: photo.content.length,
        attachedAt: at.toISOString(),
        attachedBy: actor,
      }));
      // The rule first, so nothing is stored for a file that cannot take evidence.
      complaint.attachEvidence(records, actor, at);
      for (const [i, record] of records.entries()) {
        await this.store.put(em, evidenceKey(complaint.id, record.id), {
          contentType: record.contentType,
          content: request.photos[i]!.content,
        });
      }
    });
  }
}

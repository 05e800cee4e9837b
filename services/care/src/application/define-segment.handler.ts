import { randomUUID } from 'node:crypto';
import type { Actor } from '@cs/auth';
import type { DefineSegmentRequest, DefineSegmentResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { toWireSegment } from './campaign-wire.js';
import { checkDefineSegment } from './define-segment.validator.js';

@Injectable()
export class DefineSegmentHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly segments: SegmentStore,
  ) {}

  execute(request: DefineSegmentRequest, actor: Actor): Promise<DefineSegmentResponse> {
    const rules = checkDefineSegment(request);
    return runIdempotent(this.orm, 'DefineSegment', request, async (em) => {
      const segment = {
        segmentId: randomUUID(),
        name: request.name.trim(),
        rules,
        definedBy: actor.subject,
        definedAt: new Date(),
      };
      await this.segments.add(em, segment);
      return { response: { segment: toWireSegment(segment) } };
    });
  }
}

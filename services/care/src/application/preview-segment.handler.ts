import type { PreviewSegmentRequest, PreviewSegmentResponse } from '@cs/contracts/cs/care/v1/campaigns_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { checkSegmentRules } from '../domain/segment-rules.js';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { checkUuid } from './campaign-field-checks.js';
import { rulesOf } from './campaign-wire.js';
import { collect } from './define-segment.validator.js';

/** How many customers a segment holds now: counted by PostgreSQL, nothing loaded. */
@Injectable()
export class PreviewSegmentHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly segments: SegmentStore,
  ) {}

  async execute(request: PreviewSegmentRequest): Promise<PreviewSegmentResponse> {
    const violations = new Violations();
    if (request.segmentId && request.rules) violations.add('segment_id', 'give a segment_id or rules, not both');
    else if (!request.segmentId && !request.rules) violations.add('segment_id', 'is required when no rules are given');
    if (request.segmentId) checkUuid(request.segmentId, 'segment_id', violations);
    const inline = request.rules ? rulesOf(request.rules, 'rules', violations) : undefined;
    if (inline) for (const v of collect(checkSegmentRules(inline))) violations.add(v.field, v.description);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    let rules = inline;
    if (!rules) {
      const segment = await this.segments.get(em, request.segmentId);
      if (!segment) throw new NotFound('segment', request.segmentId);
      rules = segment.rules;
    }
    return { customerCount: await this.segments.count(em, rules) };
  }
}

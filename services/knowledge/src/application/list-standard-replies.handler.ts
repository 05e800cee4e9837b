import {
  type ListStandardRepliesRequest,
  type ListStandardRepliesResponse,
  StandardReplyKind,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { listForTeam } from '../infrastructure/standard-reply.repository.js';
import { checkTeam } from './standard-reply.validator.js';
import { standardReplyView } from './standard-reply.view.js';

@Injectable()
export class ListStandardRepliesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListStandardRepliesRequest): Promise<ListStandardRepliesResponse> {
    const violations = new Violations();
    checkTeam(request.team, violations);
    if (!Object.values(StandardReplyKind).includes(request.kind))
      violations.add('kind', 'is not a standard reply kind');
    violations.throwIfAny();
    const kind = request.kind === StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED ? undefined : request.kind;
    const replies = await listForTeam(this.orm.em.fork(), request.team, kind);
    return { replies: replies.map((r) => standardReplyView(r)) };
  }
}

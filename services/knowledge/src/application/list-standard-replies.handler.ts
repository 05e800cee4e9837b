import type { Actor } from '@cs/auth';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import {
  type ListStandardRepliesRequest,
  type ListStandardRepliesResponse,
  StandardReplyKind,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { PermissionDenied, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { listForTeam } from '../infrastructure/standard-reply.repository.js';
import { seesReplyDrafts } from './reader.js';
import { checkTeam } from './standard-reply.validator.js';
import { standardReplyView } from './standard-reply.view.js';

/** The live replies of a team and the shop; for writers, alternatively the ones waiting in review. */
@Injectable()
export class ListStandardRepliesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(
    request: ListStandardRepliesRequest,
    reader: Pick<Actor, 'roles'>,
  ): Promise<ListStandardRepliesResponse> {
    const violations = new Violations();
    checkTeam(request.team, violations);
    if (!Object.values(StandardReplyKind).includes(request.kind))
      violations.add('kind', 'is not a standard reply kind');
    violations.throwIfAny();
    if (request.inReviewOnly && !seesReplyDrafts(reader))
      throw new PermissionDenied('only editors, reviewers, supervisors and the manager see replies in review');
    const kind = request.kind === StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED ? undefined : request.kind;
    const em = this.orm.em.fork();
    if (!request.inReviewOnly)
      return { replies: (await listForTeam(em, request.team, kind)).map((r) => standardReplyView(r)) };
    // A team has tens of replies, not thousands: the review state is read from the versions here.
    const waiting = (await listForTeam(em, request.team, kind, true)).filter(
      (r) => !r.archived && r.latest().status === VersionStatus.VERSION_STATUS_IN_REVIEW,
    );
    return { replies: waiting.map((r) => standardReplyView(r, 'all')) };
  }
}

import type { Actor } from '@cs/auth';
import {
  FollowUpStatus,
  type ListFollowUpTasksRequest,
  type ListFollowUpTasksResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { followUpScopeOf } from '../domain/follow-up-access.rule.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { viewerOf } from './staff-scope.js';

/** 催付 tasks, oldest first; by status when given; only those the caller may see (follow-up-access.rule). */
@Injectable()
export class ListFollowUpTasksHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListFollowUpTasksRequest, actor: Actor): Promise<ListFollowUpTasksResponse> {
    const violations = new Violations();
    const filtered = request.status !== FollowUpStatus.FOLLOW_UP_STATUS_UNSPECIFIED;
    if (filtered) checkEnum(request.status, knownValues(FollowUpStatus), 'status', violations);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const scope = followUpScopeOf(await viewerOf(em, actor));
    return { tasks: await DeskStore.followUps(em, scope, filtered ? request.status : undefined) };
  }
}

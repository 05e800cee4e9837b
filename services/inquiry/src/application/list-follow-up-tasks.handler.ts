import {
  FollowUpStatus,
  type ListFollowUpTasksRequest,
  type ListFollowUpTasksResponse,
} from '@cs/contracts/cs/inquiry/v1/desk_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DeskStore } from '../infrastructure/desk.store.js';
import { checkEnum } from './field-checks.js';

/** 催付 tasks, oldest first; by status when given. */
@Injectable()
export class ListFollowUpTasksHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListFollowUpTasksRequest): Promise<ListFollowUpTasksResponse> {
    const violations = new Violations();
    const filtered = request.status !== FollowUpStatus.FOLLOW_UP_STATUS_UNSPECIFIED;
    if (filtered) checkEnum('status', request.status, FollowUpStatus, violations);
    violations.throwIfAny();
    return { tasks: await DeskStore.followUps(this.orm.em.fork(), filtered ? request.status : undefined) };
  }
}

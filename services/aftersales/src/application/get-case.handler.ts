import type { GetCaseRequest, GetCaseResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadCase } from '../infrastructure/case.repository.js';
import { caseView } from './case.view.js';

@Injectable()
export class GetCaseHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetCaseRequest): Promise<GetCaseResponse> {
    new Violations().require('case_id', request.caseId).throwIfAny();
    return { case: caseView(await loadCase(this.orm.em.fork(), request.caseId)) };
  }
}

import type { ListCustomerSurveysRequest, ListCustomerSurveysResponse } from '@cs/contracts/cs/care/v1/surveys_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { checkCustomerId } from './field-checks.js';
import { surveyToProto } from './revisit-mapping.js';

@Injectable()
export class ListCustomerSurveysHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly surveys: SurveyStore,
  ) {}

  async execute(request: ListCustomerSurveysRequest): Promise<ListCustomerSurveysResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    violations.throwIfAny();
    const rows = await this.surveys.ofCustomer(this.orm.em.fork(), request.customerId);
    return { surveys: rows.map(surveyToProto) };
  }
}

import { actorOf } from '@cs/auth';
import {
  type DeleteClassificationRuleRequest,
  type PutClassificationRuleRequest,
  type PutSlaPolicyRequest,
  type RulesServiceController,
  RulesServiceControllerMethods,
  type TestClassificationRequest,
} from '@cs/contracts/cs/inquiry/v1/rules_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { DeleteClassificationRuleHandler } from '../application/delete-classification-rule.handler.js';
import { ListClassificationRulesHandler } from '../application/list-classification-rules.handler.js';
import { ListSlaPoliciesHandler } from '../application/list-sla-policies.handler.js';
import { PutClassificationRuleHandler } from '../application/put-classification-rule.handler.js';
import { PutSlaPolicyHandler } from '../application/put-sla-policy.handler.js';
import { TestClassificationHandler } from '../application/test-classification.handler.js';

/** cs.inquiry.v1.RulesService: translation only. */
@Controller()
@RulesServiceControllerMethods()
export class RulesGrpcController implements RulesServiceController {
  constructor(
    private readonly putRule: PutClassificationRuleHandler,
    private readonly deleteRule: DeleteClassificationRuleHandler,
    private readonly listRules: ListClassificationRulesHandler,
    private readonly testRules: TestClassificationHandler,
    private readonly putPolicy: PutSlaPolicyHandler,
    private readonly listPolicies: ListSlaPoliciesHandler,
  ) {}

  putClassificationRule(request: PutClassificationRuleRequest, metadata?: Metadata) {
    return this.putRule.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  deleteClassificationRule(request: DeleteClassificationRuleRequest, metadata?: Metadata) {
    return this.deleteRule.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  listClassificationRules() {
    return this.listRules.execute();
  }

  testClassification(request: TestClassificationRequest) {
    return this.testRules.execute(request);
  }

  putSlaPolicy(request: PutSlaPolicyRequest) {
    return this.putPolicy.execute(request);
  }

  listSlaPolicies() {
    return this.listPolicies.execute();
  }
}

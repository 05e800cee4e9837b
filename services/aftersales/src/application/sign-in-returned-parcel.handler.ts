import type {
  SignInReturnedParcelRequest,
  SignInReturnedParcelResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';
import { checkLength, checkTimestamp } from './field-checks.js';
import { fromTimestamp } from './timestamps.js';

/** 原件已收到: the warehouse signs the recalled parcel in (who, when); the refund may follow. */
@Injectable()
export class SignInReturnedParcelHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: SignInReturnedParcelRequest): Promise<SignInReturnedParcelResponse> {
    const violations = CaseStepRunner.violations(request)
      .require('signed_by', request.signedBy)
      .require('return_slip_number', request.returnSlipNumber);
    checkLength(request.signedBy, 'signed_by', 64, violations);
    checkTimestamp(request.signedAt, 'signed_at', violations);
    if (request.signedAt && request.signedAt.seconds * 1000 > Date.now() + 5 * 60_000)
      violations.add('signed_at', 'must not be in the future');
    return this.steps.run('SignInReturnedParcel', request, violations, (kase, agent, at) =>
      kase.signInParcel(agent, at, request.signedBy, fromTimestamp(request.signedAt!), request.returnSlipNumber),
    );
  }
}

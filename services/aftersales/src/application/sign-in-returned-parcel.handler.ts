import type {
  SignInReturnedParcelRequest,
  SignInReturnedParcelResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { checkLength, checkTimestamp } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { type SigningCaller, signerOfReturnedParcel } from '../domain/returned-parcel-signer.rule.js';
import { CaseStepRunner } from './case-step.runner.js';
import { fromTimestamp } from './timestamps.js';

/** The verified caller: who acts (history) and what their roles let them sign for. */
export interface SigningActor extends SigningCaller {
  agentId: string;
}

/** 原件已收到: the warehouse signs the recalled parcel in (who, when); the refund may follow. */
@Injectable()
export class SignInReturnedParcelHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: SignInReturnedParcelRequest, actor: SigningActor): Promise<SignInReturnedParcelResponse> {
    // Permission first: a warehouse member naming someone else is refused whatever else is wrong.
    const signedBy = signerOfReturnedParcel(actor, request.signedBy);
    const violations = CaseStepRunner.violations(request)
      .require('signed_by', signedBy)
      .require('return_slip_number', request.returnSlipNumber);
    checkLength(signedBy, 'signed_by', 64, violations);
    checkTimestamp(request.signedAt, 'signed_at', violations);
    if (request.signedAt && request.signedAt.seconds * 1000 > Date.now() + 5 * 60_000)
      violations.add('signed_at', 'must not be in the future');
    const agent = { agentId: actor.agentId, name: actor.name };
    return this.steps.run('SignInReturnedParcel', request, agent, violations, (kase, by, at) =>
      kase.signInParcel(by, at, signedBy, fromTimestamp(request.signedAt!), request.returnSlipNumber),
    );
  }
}

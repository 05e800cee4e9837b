import type { VerifyEvidenceRequest, VerifyEvidenceResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkLength } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { CaseStepRunner } from './case-step.runner.js';

/** An agent checks the photos against the claimed quality problem; approval depends on it. */
@Injectable()
export class VerifyEvidenceHandler {
  constructor(private readonly steps: CaseStepRunner) {}

  execute(request: VerifyEvidenceRequest, actor: AgentRef): Promise<VerifyEvidenceResponse> {
    const violations = CaseStepRunner.violations(request);
    if (!request.verified)
      violations.require('note', request.note, 'is required when the evidence does not bear out the claim');
    checkLength(request.note, 'note', 500, violations);
    return this.steps.run('VerifyEvidence', request, actor, violations, (kase, agent, at) =>
      kase.verifyEvidence(agent, at, request.verified, request.note),
    );
  }
}

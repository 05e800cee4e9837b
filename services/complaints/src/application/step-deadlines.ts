import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintsConfig } from '../complaints.config.js';
import type { StepDeadline } from '../domain/complaint.aggregate.js';
import { type StepDeadlinePolicy, stepDeadlinePolicyFrom, stepDueAt } from '../domain/step-deadline.rule.js';

/** The step deadline rule with the configured business hours and minutes per stage and severity. */
@Injectable()
export class StepDeadlines {
  private readonly policy: StepDeadlinePolicy;
  readonly revisitAfterDays: number;

  constructor(@Inject(CONFIG) config: ComplaintsConfig) {
    this.policy = stepDeadlinePolicyFrom(config);
    this.revisitAfterDays = config.complaintsRevisitAfterDays;
  }

  readonly dueAt: StepDeadline = (stage, severity, enteredAt) => stepDueAt(stage, severity, enteredAt, this.policy);
}

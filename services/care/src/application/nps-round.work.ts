import type { DueWork } from '@cs/scheduler';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { SurveySender } from './survey-sender.js';

const DAY = 86_400_000;

/**
 * The periodic NPS round: every CARE_NPS_EVERY_DAYS a random sample (CARE_NPS_SAMPLE_SIZE) of buyers
 * not yet asked in this round gets an NPS survey; the round is named by its day, so a second replica
 * or a retry asks nobody twice. Run by the shared due-work scheduler on the one-row nps_schedule.
 */
@Injectable()
export class NpsRoundWork implements DueWork {
  readonly name = 'care-nps-round';
  readonly table = 'nps_schedule';
  readonly idColumn = 'schedule';
  readonly dueColumn = 'next_round_at';

  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly surveys: SurveyStore,
    private readonly sender: SurveySender,
  ) {}

  /** Off (0 days): nothing is ever due. */
  dueBy(now: Date): Date {
    return this.config.careNpsEveryDays > 0 ? now : new Date(0);
  }

  async handle(em: EntityManager, schedule: string, now: Date): Promise<void> {
    const round = `auto-${now.toISOString().slice(0, 10)}`;
    for (const customerId of await this.surveys.npsSample(em, round, this.config.careNpsSampleSize)) {
      await this.sender.send(
        em,
        { customerId, kind: 'nps', subjectKind: 'nps-round', subjectId: `${round}:${customerId}` },
        now,
      );
    }
    await em.execute('update nps_schedule set next_round_at = ? where schedule = ?', [
      new Date(now.getTime() + this.config.careNpsEveryDays * DAY),
      schedule,
    ]);
  }
}

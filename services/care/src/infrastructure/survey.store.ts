import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SurveyRecord } from '../domain/survey.js';
import type { SurveyKindName } from '../domain/survey.rule.js';

interface SurveyRow {
  survey_id: string;
  customer_id: string;
  kind: SurveyKindName;
  subject_kind: string;
  subject_id: string;
  sent_at: Date;
  answered_at: Date | null;
  score: number | null;
  comment: string;
}

const toRecord = (row: SurveyRow): SurveyRecord => ({
  surveyId: row.survey_id,
  customerId: row.customer_id,
  kind: row.kind,
  subjectKind: row.subject_kind,
  subjectId: row.subject_id,
  sentAt: new Date(row.sent_at),
  answeredAt: row.answered_at ? new Date(row.answered_at) : null,
  score: row.score,
  comment: row.comment,
});

/** Surveys; (kind, subject_kind, subject_id) is unique: one survey per subject, even if it reopens. */
@Injectable()
export class SurveyStore {
  async send(
    em: EntityManager,
    survey: { customerId: string; kind: SurveyKindName; subjectKind: string; subjectId: string },
    at: Date,
  ): Promise<SurveyRecord | undefined> {
    const rows = await em.execute<SurveyRow[]>(
      `insert into surveys (survey_id, customer_id, kind, subject_kind, subject_id, sent_at) values (?, ?, ?, ?, ?, ?)
       on conflict (kind, subject_kind, subject_id) do nothing returning *`,
      [randomUUID(), survey.customerId, survey.kind, survey.subjectKind, survey.subjectId, at],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async findForUpdate(em: EntityManager, surveyId: string): Promise<SurveyRecord | undefined> {
    const rows = await em.execute<SurveyRow[]>('select * from surveys where survey_id = ? for update', [surveyId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async answer(em: EntityManager, surveyId: string, score: number, comment: string, at: Date): Promise<void> {
    await em.execute('update surveys set score = ?, comment = ?, answered_at = ? where survey_id = ?', [
      score,
      comment,
      at,
      surveyId,
    ]);
  }

  async ofCustomer(em: EntityManager, customerId: string): Promise<SurveyRecord[]> {
    const rows = await em.execute<SurveyRow[]>(
      'select * from surveys where customer_id = ? order by sent_at desc limit 200',
      [customerId],
    );
    return rows.map(toRecord);
  }

  /** A random sample of buyers (at least one paid order) not yet asked in this NPS round. */
  async npsSample(em: EntityManager, round: string, size: number): Promise<string[]> {
    const rows = await em.execute<{ customer_id: string }[]>(
      `select customer_id from customer_profiles p
       where paid_orders > 0 and erased_at is null
         and not exists (select 1 from surveys s where s.kind = 'nps' and s.subject_kind = 'nps-round'
                         and s.subject_id = ? || ':' || p.customer_id)
       order by random() limit ?`,
      [round, size],
    );
    return rows.map((row) => row.customer_id);
  }

  async eraseComments(em: EntityManager, customerId: string): Promise<void> {
    await em.execute("update surveys set comment = '' where customer_id = ?", [customerId]);
  }
}

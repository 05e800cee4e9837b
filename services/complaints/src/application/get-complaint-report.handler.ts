import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type {
  CountByKey,
  GetComplaintReportRequest,
  GetComplaintReportResponse,
  HandlerFigures,
  StepDuration,
} from '@cs/contracts/cs/complaints/v1/reports_service';
import { Violations } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { ComplaintsConfig } from '../complaints.config.js';
import { BusinessTimeline } from '../domain/business-timeline.js';
import { stepDeadlinePolicyFrom } from '../domain/step-deadline.rule.js';
import {
  deadlineLookbackMs,
  type StepRow,
  stepStints,
  stintBusinessMinutes,
  stintDeadline,
  timedStepNames,
} from '../domain/step-stint.rule.js';
import { type ReportedComplaint, reportQueries } from '../infrastructure/report.queries.js';
import { proposalView } from './report.view.js';
import { checkReportRequest, reportRange } from './report-period.js';

function countBy(items: readonly ReportedComplaint[], key: (c: ReportedComplaint) => string): CountByKey[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const severityOf = (raw: string) =>
  (Object.values(Severity) as string[]).includes(raw) ? (raw as Severity) : Severity.SEVERITY_UNSPECIFIED;

/**
 * The daily or weekly complaint report in shop time: volumes; files opened by source, nature, root
 * cause and responsibility; files archived by outcome (the remedy chosen); business time spent per
 * step by stays that ended in the period; the overdue rate of steps that fell due in it; the mean
 * evaluation; figures per handler; and the improvement proposals recorded in it.
 */
@Injectable()
export class GetComplaintReportHandler {
  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: ComplaintsConfig,
  ) {}

  async execute(request: GetComplaintReportRequest, now = new Date()): Promise<GetComplaintReportResponse> {
    const violations = new Violations();
    checkReportRequest(request.period, request.date, violations);
    violations.throwIfAny();
    const range = reportRange(request.period, request.date, this.config.shopTimezone);
    const { from, to } = range;
    const policy = stepDeadlinePolicyFrom(this.config);
    const em = this.orm.em.fork();
    const opened = await reportQueries.openedBetween(em, from, to);
    const archived = await reportQueries.archivedBetween(em, from, to);
    const since = new Date(from.getTime() - deadlineLookbackMs(policy));
    const active = await reportQueries.activeBetween(em, from, to, since);
    const evaluations = await reportQueries.evaluatedBetween(em, from, to);
    const proposals = await reportQueries.proposalsBetween(em, from, to);

    const handlers = new Map<string, HandlerFigures & { scores: number[] }>();
    const handlerOf = (agentId: string | undefined, name: string | undefined) => {
      if (!agentId) return undefined;
      let figures = handlers.get(agentId);
      if (!figures) {
        const handler: AgentRef = { agentId, name: name ?? '' };
        figures = { handler, opened: 0, archived: 0, overdueSteps: 0, meanEvaluation: 0, scores: [] };
        handlers.set(agentId, figures);
      }
      return figures;
    };
    for (const c of opened) {
      const h = handlerOf(c.handlerAgentId, c.handlerName);
      if (h) h.opened += 1;
    }
    for (const c of archived) {
      const h = handlerOf(c.handlerAgentId, c.handlerName);
      if (h) h.archived += 1;
    }
    for (const e of evaluations) handlerOf(e.handlerAgentId, e.handlerName)?.scores.push(e.score);

    const stepsOf = new Map<string, StepRow[]>();
    for (const s of active.steps) {
      const rows = stepsOf.get(s.complaintId) ?? [];
      rows.push(s);
      stepsOf.set(s.complaintId, rows);
    }
    const stints = active.complaints.map((c) => ({
      complaint: c,
      stints: stepStints(c.openedAt, stepsOf.get(c.complaintId) ?? []),
    }));
    // One laid-out calendar from the earliest stay to well past the period answers every question.
    const earliest = stints.reduce((min, s) => Math.min(min, s.stints[0]?.enteredAt.getTime() ?? min), from.getTime());
    const clock = new BusinessTimeline(
      policy.calendar,
      new Date(earliest),
      new Date(Math.max(to.getTime(), now.getTime()) + 90 * 86_400_000),
    );
    const minutesByStep = new Map<string, number[]>();
    let due = 0;
    let overdue = 0;
    for (const { complaint: c, stints: stays } of stints) {
      for (const stint of stays) {
        const name = timedStepNames.get(stint.stage) ?? stint.stage;
        if (stint.leftAt && stint.leftAt >= from && stint.leftAt < to) {
          const list = minutesByStep.get(name) ?? [];
          list.push(stintBusinessMinutes(stint, clock, now));
          minutesByStep.set(name, list);
        }
        const deadline = stintDeadline(stint, severityOf(c.severity), policy, clock, now);
        if (!deadline?.settled || deadline.due < from || deadline.due >= to) continue;
        due += 1;
        if (deadline.overdue) {
          overdue += 1;
          const h = handlerOf(c.handlerAgentId, c.handlerName);
          if (h) h.overdueSteps += 1;
        }
      }
    }
    const stepDurations: StepDuration[] = [...timedStepNames.values()]
      .filter((step) => minutesByStep.has(step))
      .map((step) => {
        const minutes = minutesByStep.get(step) ?? [];
        return { step, meanBusinessMinutes: round2(mean(minutes)), samples: minutes.length };
      });

    return {
      period: request.period,
      fromDate: range.fromDate,
      toDate: range.toDate,
      opened: opened.length,
      archived: archived.length,
      bySource: countBy(opened, (c) => c.source),
      byNature: countBy(opened, (c) => c.nature),
      byRootCause: countBy(opened, (c) => c.rootCause ?? 'unanalysed'),
      byResponsibility: countBy(opened, (c) => c.responsibleParty ?? 'unanalysed'),
      byOutcome: countBy(archived, (c) => c.remedyKind ?? 'none'),
      stepDurations,
      overdueRate: due ? round4(overdue / due) : 0,
      meanEvaluation: round2(mean(evaluations.map((e) => e.score))),
      evaluations: evaluations.length,
      byHandler: [...handlers.values()]
        .sort((a, b) => (a.handler?.agentId ?? '').localeCompare(b.handler?.agentId ?? ''))
        .map(({ scores, ...figures }) => ({ ...figures, meanEvaluation: round2(mean(scores)) })),
      proposals: proposals.map(proposalView),
    };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

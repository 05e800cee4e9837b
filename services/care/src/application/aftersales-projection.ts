import type { CaseClosed, CaseOpened, CaseRefunded } from '@cs/contracts/cs/aftersales/v1/events';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { revisitDueAfterCase } from '../domain/revisit.rule.js';
import { OrderFactsStore } from '../infrastructure/order-facts.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { CustomerFiguresUpdater } from './customer-figures.updater.js';
import { RevisitPlanner } from './revisit-planner.js';
import { SurveySender } from './survey-sender.js';
import { fromTimestamp } from './timestamps.js';

const kindLabel = (kind: string) =>
  kind
    .replace(/^CASE_KIND_/, '')
    .toLowerCase()
    .replaceAll('_', ' ');

/**
 * After-sales' events → the timeline; a refund takes the order out of the customer's purchases
 * (points reversed); a closed case schedules its revisit and sends its CSAT survey.
 */
@Injectable()
export class AftersalesProjection {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly profiles: ProfileStore,
    private readonly orders: OrderFactsStore,
    private readonly timeline: TimelineStore,
    private readonly figures: CustomerFiguresUpdater,
    private readonly revisits: RevisitPlanner,
    private readonly surveys: SurveySender,
  ) {}

  async opened(em: EntityManager, event: CaseOpened, time: Date): Promise<void> {
    const found = event.case;
    const customerId = found?.customer?.customerId;
    if (!found?.caseId || !customerId) return;
    await this.profiles.ensure(em, customerId, time, found.customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `case:${found.caseId}:opened`,
      customerId,
      refKind: 'case',
      refId: found.caseId,
      kind: 'case',
      occurredAt: time,
      summary: `after-sales case opened (${kindLabel(found.kind)})${found.orderId ? ` for order ${found.orderId}` : ''}`,
    });
  }

  async refunded(em: EntityManager, event: CaseRefunded, time: Date): Promise<void> {
    const found = event.case;
    const customerId = found?.customer?.customerId;
    if (!found?.caseId || !customerId) return;
    await this.profiles.ensure(em, customerId, time, found.customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `case:${found.caseId}:refunded`,
      customerId,
      refKind: 'case',
      refId: found.caseId,
      kind: 'case',
      occurredAt: time,
      summary: `refund paid${found.orderId ? ` for order ${found.orderId}` : ''}`,
    });
    if (!found.orderId) return;
    await this.orders.refunded(em, found.orderId, time);
    await this.figures.update(em, customerId, time);
  }

  async closed(em: EntityManager, event: CaseClosed, time: Date): Promise<void> {
    const customer = event.case?.customer ?? event.customer;
    const customerId = customer?.customerId;
    if (!event.caseId || !customerId) return;
    const closedAt = fromTimestamp(event.closedAt) ?? time;
    await this.profiles.ensure(em, customerId, closedAt, customer?.displayName ?? '');
    await this.timeline.add(em, {
      sourceKey: `case:${event.caseId}:closed`,
      customerId,
      refKind: 'case',
      refId: event.caseId,
      kind: 'case',
      occurredAt: closedAt,
      summary: `after-sales case closed (${kindLabel(event.kind)}, ${event.outcome.replace(/^CASE_OUTCOME_/, '').toLowerCase()})`,
    });
    const dueAt = revisitDueAfterCase(closedAt, this.config.careRevisitAfterCaseHours);
    await this.revisits.schedule(
      em,
      { customerId, reason: 'case_closed', sourceKind: 'case', sourceId: event.caseId, dueAt },
      time,
    );
    await this.surveys.send(em, { customerId, kind: 'csat', subjectKind: 'case', subjectId: event.caseId }, time);
  }
}

import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AftersalesCase, type CaseRequest } from '../domain/aftersales-case.aggregate.js';
import { caseView } from './case.view.js';

/**
 * Opens a case and writes cs.aftersales.case.opened in the caller's transaction. With an origin
 * key, a second opening for the same origin returns the case already opened and writes nothing.
 */
export async function openCase(
  em: EntityManager,
  request: CaseRequest,
  at: Date,
): Promise<{ kase: AftersalesCase; created: boolean }> {
  if (request.originKey) {
    const existing = await em.findOne(AftersalesCase, { originKey: request.originKey });
    if (existing) return { kase: existing, created: false };
  }
  const kase = AftersalesCase.open(request, at);
  em.persist(kase);
  // A racing opening of the same origin fails on the unique origin_key; the retry finds this one.
  await em.flush();
  await Outbox.add(
    em,
    'cs.aftersales.case.opened',
    { case: caseView(kase), caseVersion: kase.version },
    { aggregateId: kase.id, aggregateVersion: kase.version },
  );
  return { kase, created: true };
}

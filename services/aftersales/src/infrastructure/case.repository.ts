import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';

/** Loads a case for a unit of work; its version guards the commit. */
export async function loadCase(em: EntityManager, caseId: string): Promise<AftersalesCase> {
  const kase = isUuid(caseId) ? await em.findOne(AftersalesCase, { id: caseId }) : null;
  if (!kase) throw new NotFound('case', caseId);
  return kase;
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

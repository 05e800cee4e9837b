import type { EntityManager } from '@mikro-orm/postgresql';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { Review } from '../domain/review.aggregate.js';
import { Shipment } from '../domain/shipment.entity.js';

/** Everything after-sales keeps about one customer, loaded for a unit of work. */
export interface CustomerRecords {
  cases: AftersalesCase[];
  shipments: Shipment[];
  chaseTasks: ChaseTask[];
  reviews: Review[];
}

export async function loadCustomerRecords(em: EntityManager, customerId: string): Promise<CustomerRecords> {
  const ofCustomer = { customer: { customerId } };
  return {
    cases: await em.find(AftersalesCase, ofCustomer),
    shipments: await em.find(Shipment, ofCustomer),
    chaseTasks: await em.find(ChaseTask, ofCustomer),
    reviews: await em.find(Review, ofCustomer),
  };
}

// Any object, at any depth, whose customerId is $id (passed as a binding: "?" is the driver's placeholder).
const NAMES_THE_CUSTOMER = '$.** ? (@.customerId == $id)';

/**
 * Forgets the stored outcomes (idempotency keys) whose responses name the customer: they are
 * copies of cases, tasks and reviews kept for retries after a lost reply, which come within
 * minutes; an erasure comes long after, so nothing a client still needs is lost.
 */
export async function forgetStoredOutcomesOf(em: EntityManager, customerId: string): Promise<number> {
  const rows = await em.execute<{ key: string }[]>(
    `delete from idempotency_keys
     where jsonb_path_exists(outcome, ?::jsonpath, jsonb_build_object('id', ?::text))
     returning key`,
    [NAMES_THE_CUSTOMER, customerId],
  );
  return rows.length;
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { ChaseTask } from '../domain/chase-task.aggregate.js';
import { DetailsChase } from '../domain/details-chase.entity.js';
import { Review } from '../domain/review.aggregate.js';
import { Shipment } from '../domain/shipment.entity.js';

/** Everything after-sales keeps about one customer, loaded for a unit of work. */
export interface CustomerRecords {
  cases: AftersalesCase[];
  shipments: Shipment[];
  chaseTasks: ChaseTask[];
  reviews: Review[];
  detailsChases: DetailsChase[];
}

export async function loadCustomerRecords(em: EntityManager, customerId: string): Promise<CustomerRecords> {
  const ofCustomer = { customer: { customerId } };
  return {
    cases: await em.find(AftersalesCase, ofCustomer),
    shipments: await em.find(Shipment, ofCustomer),
    chaseTasks: await em.find(ChaseTask, ofCustomer),
    reviews: await em.find(Review, ofCustomer),
    detailsChases: await em.find(DetailsChase, ofCustomer),
  };
}

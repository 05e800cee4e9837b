import type { ListCustomerOrdersRequest, ListCustomerOrdersResponse } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Order } from '../domain/order.aggregate.js';
import { orderView } from './order.view.js';

/** A customer's orders, newest first. */
@Injectable()
export class ListCustomerOrdersHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListCustomerOrdersRequest): Promise<ListCustomerOrdersResponse> {
    const violations = new Violations().require('customer_id', request.customerId);
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const rows = await this.orm.em.fork().find(
      Order,
      {
        customer: { customerId: request.customerId },
        ...keysetFilter(
          [
            ['placedAt', 'desc'],
            ['id', 'desc'],
          ],
          page.after,
        ),
      },
      { orderBy: { placedAt: 'desc', id: 'desc' }, limit: page.limit + 1 },
    );
    const { items, page: next } = keysetPageOf(rows, page, (r) => [r.placedAt, r.id]);
    return { orders: items.map(orderView), page: next };
  }
}

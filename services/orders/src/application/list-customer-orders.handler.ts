import type { ListCustomerOrdersRequest, ListCustomerOrdersResponse } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { pageOf, readPage } from '@cs/persistence';
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
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const rows = await this.orm.em
      .fork()
      .find(
        Order,
        { customer: { customerId: request.customerId } },
        { orderBy: { placedAt: 'desc', id: 'desc' }, limit: page.limit + 1, offset: page.offset },
      );
    const { items, page: next } = pageOf(rows, page);
    return { orders: items.map(orderView), page: next };
  }
}

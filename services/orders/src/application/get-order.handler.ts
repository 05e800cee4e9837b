import type { GetOrderRequest, GetOrderResponse } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadOrder } from '../infrastructure/order.repository.js';
import { orderView } from './order.view.js';

@Injectable()
export class GetOrderHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetOrderRequest): Promise<GetOrderResponse> {
    new Violations().require('order_id', request.orderId).throwIfAny();
    return { order: orderView(await loadOrder(this.orm.em.fork(), request.orderId)) };
  }
}

import { CommandTransactions, EntityRows } from '@cs/persistence';
import { LOGGER } from '@cs/service-kit';
import type { Logger } from '@cs/telemetry';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DeskTask } from '../domain/desk-task.entity.js';
import { Order } from '../domain/order.aggregate.js';
import { OrderChange } from '../domain/order-change.entity.js';

/**
 * The lean command path of the order desk (libs/persistence CommandTransactions): the tables its
 * hot commands read and write, mapped by the same entity schemas as the ORM's, on a pipelined pool.
 */
@Injectable()
export class OrderCommands implements OnApplicationShutdown {
  readonly transactions: CommandTransactions;
  readonly orders: EntityRows<Order>;
  readonly changes: EntityRows<OrderChange>;
  readonly tasks: EntityRows<DeskTask>;

  constructor(orm: MikroORM, @Inject(LOGGER) logger: Logger) {
    this.transactions = CommandTransactions.forOrm(orm, {
      onConnectionError: (error) => logger.warn({ err: error }, 'command pool connection lost'),
    });
    this.orders = EntityRows.of(orm, Order);
    this.changes = EntityRows.of(orm, OrderChange);
    this.tasks = EntityRows.of(orm, DeskTask);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transactions.close();
  }
}

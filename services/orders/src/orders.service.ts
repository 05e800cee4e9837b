import { BankTransfersServiceDefinition } from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { DeskTasksServiceDefinition } from '@cs/contracts/cs/orders/v1/desk_tasks_service';
import { OrdersServiceDefinition } from '@cs/contracts/cs/orders/v1/orders_service';
import { StockServiceDefinition } from '@cs/contracts/cs/orders/v1/stock_service';
import type { ServiceSpec } from '@cs/service-kit';
import { BankTransferSchema } from './infrastructure/bank-transfer.schema.js';
import { DeskTaskSchema } from './infrastructure/desk-task.schema.js';
import { OrderSchema } from './infrastructure/order.schema.js';
import { OrderChangeSchema } from './infrastructure/order-change.schema.js';
import { StockLevelSchema } from './infrastructure/stock-level.schema.js';
import { ordersMigrations } from './migrations/index.js';
import { ordersConfigSchema } from './orders.config.js';
import { OrdersModule } from './orders.module.js';

/** The order desk (售中): order facts from the platform and every change request on them. */
export const ordersService: ServiceSpec = {
  name: 'orders',
  httpPort: 3002,
  grpcPort: 50052,
  module: OrdersModule,
  entities: [OrderSchema, OrderChangeSchema, DeskTaskSchema, StockLevelSchema, BankTransferSchema],
  migrations: ordersMigrations,
  configSchema: ordersConfigSchema,
  grpc: {
    services: [
      OrdersServiceDefinition,
      DeskTasksServiceDefinition,
      StockServiceDefinition,
      BankTransfersServiceDefinition,
    ],
  },
};

import type { ServiceSpec } from '@cs/service-kit';
import { OrderSchema } from './infrastructure/order.schema.js';
import { WarehouseTaskSchema } from './infrastructure/warehouse-task.schema.js';
import { ordersMigrations } from './migrations/index.js';
import { OrdersModule } from './orders.module.js';

/** The order desk (售中): order facts from the platform and every change request on them. */
export const ordersService: ServiceSpec = {
  name: 'orders',
  httpPort: 3002,
  grpcPort: 50052,
  module: OrdersModule,
  entities: [OrderSchema, WarehouseTaskSchema],
  migrations: ordersMigrations,
  grpc: { protoFiles: ['cs/orders/v1/orders_service.proto'], services: ['cs.orders.v1.OrdersService'] },
};

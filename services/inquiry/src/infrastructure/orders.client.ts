import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { InquiryConfig } from '../inquiry.config.js';

/** The order desk's gRPC client (ORDERS_GRPC_ADDRESS); every call has the client's default deadline. */
@Injectable()
export class OrdersClient implements OnModuleDestroy {
  readonly orders: PromiseClient<typeof OrdersServiceService>;

  constructor(@Inject(CONFIG) config: InquiryConfig) {
    this.orders = createGrpcClient(OrdersServiceService, config.ordersGrpcAddress);
  }

  onModuleDestroy(): void {
    this.orders.close();
  }
}

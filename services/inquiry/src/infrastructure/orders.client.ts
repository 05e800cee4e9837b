import { type Actor, ON_BEHALF_OF, type ServiceTokenSource } from '@cs/auth';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { type CallSettings, createGrpcClient, type PromiseClient } from '@cs/grpc';
import { CONFIG, SERVICE_TOKEN } from '@cs/service-kit';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { InquiryConfig } from '../inquiry.config.js';

type OrdersClientCalls = PromiseClient<typeof OrdersServiceService>;

/** The order desk's calls the front line makes for an agent. */
export type OrderDeskCalls = Pick<
  OrdersClientCalls,
  'changeAddress' | 'changeAttributes' | 'cancelOrder' | 'attributeSale'
>;

/**
 * The order desk's gRPC client (ORDERS_GRPC_ADDRESS); every call has the client's default deadline.
 * Inquiry calls with its own service token and names the agent it acts for by their token
 * (x-cs-on-behalf-of): the order desk checks that agent's roles and writes their name in its remarks.
 */
@Injectable()
export class OrdersClient implements OnModuleDestroy {
  private readonly orders: OrdersClientCalls;

  constructor(
    @Inject(CONFIG) config: InquiryConfig,
    @Inject(SERVICE_TOKEN) serviceToken: ServiceTokenSource | undefined,
  ) {
    this.orders = createGrpcClient(OrdersServiceService, config.ordersGrpcAddress, {
      bearer: () =>
        serviceToken?.token() ??
        Promise.reject(
          new Error('inquiry has no service token for the order desk: set AUTH_TOKEN_URL and AUTH_CLIENT_SECRET'),
        ),
    });
  }

  /** The order desk's calls on behalf of this agent. */
  for(actor: Actor): OrderDeskCalls {
    const settings: CallSettings = { metadata: { [ON_BEHALF_OF]: actor.token } };
    return {
      changeAddress: (request) => this.orders.changeAddress(request, settings),
      changeAttributes: (request) => this.orders.changeAttributes(request, settings),
      cancelOrder: (request) => this.orders.cancelOrder(request, settings),
      attributeSale: (request) => this.orders.attributeSale(request, settings),
    };
  }

  onModuleDestroy(): void {
    this.orders.close();
  }
}

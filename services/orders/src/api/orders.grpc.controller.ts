import {
  type ChangeAddressRequest,
  type ChangeAddressResponse,
  type GetOrderRequest,
  type GetOrderResponse,
  type OrdersServiceController,
  OrdersServiceControllerMethods,
  type RecordFulfilmentFactRequest,
  type RecordFulfilmentFactResponse,
  type RecordOrderPlacedRequest,
  type RecordOrderPlacedResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ChangeAddressHandler } from '../application/change-address.handler.js';
import { GetOrderHandler } from '../application/get-order.handler.js';
import { RecordFulfilmentFactHandler } from '../application/record-fulfilment-fact.handler.js';
import { RecordOrderPlacedHandler } from '../application/record-order-placed.handler.js';

/** cs.orders.v1.OrdersService over gRPC (and, through the gateway, HTTP/JSON): translation only. */
@Controller()
@OrdersServiceControllerMethods()
export class OrdersGrpcController implements OrdersServiceController {
  constructor(
    private readonly recordOrderPlacedHandler: RecordOrderPlacedHandler,
    private readonly recordFulfilmentFactHandler: RecordFulfilmentFactHandler,
    private readonly getOrderHandler: GetOrderHandler,
    private readonly changeAddressHandler: ChangeAddressHandler,
  ) {}

  recordOrderPlaced(request: RecordOrderPlacedRequest): Promise<RecordOrderPlacedResponse> {
    return this.recordOrderPlacedHandler.execute(request);
  }

  recordFulfilmentFact(request: RecordFulfilmentFactRequest): Promise<RecordFulfilmentFactResponse> {
    return this.recordFulfilmentFactHandler.execute(request);
  }

  getOrder(request: GetOrderRequest): Promise<GetOrderResponse> {
    return this.getOrderHandler.execute(request);
  }

  /** The idempotency key may also come as `idempotency-key` metadata (the HTTP header of that name). */
  changeAddress(request: ChangeAddressRequest, metadata?: Metadata): Promise<ChangeAddressResponse> {
    const keyFromMetadata = metadata?.get('idempotency-key')[0];
    const idempotencyKey = request.idempotencyKey || (typeof keyFromMetadata === 'string' ? keyFromMetadata : '');
    return this.changeAddressHandler.execute({ ...request, idempotencyKey });
  }
}

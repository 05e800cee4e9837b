import { actorOf, agentRefOf } from '@cs/auth';
import type {
  AttributeSaleRequest,
  AttributeSaleResponse,
  CancelOrderRequest,
  CancelOrderResponse,
  ChangeAddressRequest,
  ChangeAddressResponse,
  ChangeAttributesRequest,
  ChangeAttributesResponse,
  GetOrderHistoryRequest,
  GetOrderHistoryResponse,
  GetOrderRequest,
  GetOrderResponse,
  ListCustomerOrdersRequest,
  ListCustomerOrdersResponse,
  OrdersServiceController,
  RecordFulfilmentFactRequest,
  RecordFulfilmentFactResponse,
  RecordOrderPlacedRequest,
  RecordOrderPlacedResponse,
  RecordSpecialRequestRequest,
  RecordSpecialRequestResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { OrdersServiceControllerMethods } from '@cs/contracts/cs/orders/v1/orders_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AttributeSaleHandler } from '../application/attribute-sale.handler.js';
import { CancelOrderHandler } from '../application/cancel-order.handler.js';
import { ChangeAddressHandler } from '../application/change-address.handler.js';
import { ChangeAttributesHandler } from '../application/change-attributes.handler.js';
import { GetOrderHandler } from '../application/get-order.handler.js';
import { GetOrderHistoryHandler } from '../application/get-order-history.handler.js';
import { ListCustomerOrdersHandler } from '../application/list-customer-orders.handler.js';
import { RecordFulfilmentFactHandler } from '../application/record-fulfilment-fact.handler.js';
import { RecordOrderPlacedHandler } from '../application/record-order-placed.handler.js';
import { RecordSpecialRequestHandler } from '../application/record-special-request.handler.js';

/**
 * cs.orders.v1.OrdersService over gRPC (and, through the gateway, HTTP/JSON): translation only. Who
 * acts is the verified token's person (the guard put it on the metadata), never a body field; when a
 * service relays a person's request (x-cs-on-behalf-of), that person.
 */
@Controller()
@OrdersServiceControllerMethods()
export class OrdersGrpcController implements OrdersServiceController {
  constructor(
    private readonly recordOrderPlacedHandler: RecordOrderPlacedHandler,
    private readonly recordFulfilmentFactHandler: RecordFulfilmentFactHandler,
    private readonly getOrderHandler: GetOrderHandler,
    private readonly getOrderHistoryHandler: GetOrderHistoryHandler,
    private readonly listCustomerOrdersHandler: ListCustomerOrdersHandler,
    private readonly changeAddressHandler: ChangeAddressHandler,
    private readonly changeAttributesHandler: ChangeAttributesHandler,
    private readonly cancelOrderHandler: CancelOrderHandler,
    private readonly recordSpecialRequestHandler: RecordSpecialRequestHandler,
    private readonly attributeSaleHandler: AttributeSaleHandler,
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

  getOrderHistory(request: GetOrderHistoryRequest): Promise<GetOrderHistoryResponse> {
    return this.getOrderHistoryHandler.execute(request);
  }

  listCustomerOrders(request: ListCustomerOrdersRequest): Promise<ListCustomerOrdersResponse> {
    return this.listCustomerOrdersHandler.execute(request);
  }

  changeAddress(request: ChangeAddressRequest, metadata?: Metadata): Promise<ChangeAddressResponse> {
    return this.changeAddressHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  changeAttributes(request: ChangeAttributesRequest, metadata?: Metadata): Promise<ChangeAttributesResponse> {
    return this.changeAttributesHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  cancelOrder(request: CancelOrderRequest, metadata?: Metadata): Promise<CancelOrderResponse> {
    return this.cancelOrderHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  recordSpecialRequest(
    request: RecordSpecialRequestRequest,
    metadata?: Metadata,
  ): Promise<RecordSpecialRequestResponse> {
    return this.recordSpecialRequestHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  attributeSale(request: AttributeSaleRequest, metadata?: Metadata): Promise<AttributeSaleResponse> {
    return this.attributeSaleHandler.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }
}

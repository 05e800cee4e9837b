import { Module } from '@nestjs/common';
import { OrdersGrpcController } from './api/orders.grpc.controller.js';
import { ChangeAddressHandler } from './application/change-address.handler.js';
import { GetOrderHandler } from './application/get-order.handler.js';
import { RecordFulfilmentFactHandler } from './application/record-fulfilment-fact.handler.js';
import { RecordOrderPlacedHandler } from './application/record-order-placed.handler.js';

@Module({
  controllers: [OrdersGrpcController],
  providers: [RecordOrderPlacedHandler, RecordFulfilmentFactHandler, GetOrderHandler, ChangeAddressHandler],
})
export class OrdersModule {}

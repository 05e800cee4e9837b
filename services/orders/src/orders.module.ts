import { Module } from '@nestjs/common';
import { BankTransfersGrpcController } from './api/bank-transfers.grpc.controller.js';
import { CareEventsController } from './api/care-events.controller.js';
import { DeskTasksGrpcController } from './api/desk-tasks.grpc.controller.js';
import { OrdersGrpcController } from './api/orders.grpc.controller.js';
import { StockGrpcController } from './api/stock.grpc.controller.js';
import { AcknowledgeTaskHandler } from './application/acknowledge-task.handler.js';
import { AttributeSaleHandler } from './application/attribute-sale.handler.js';
import { CancelOrderHandler } from './application/cancel-order.handler.js';
import { ChangeAddressHandler } from './application/change-address.handler.js';
import { ChangeAttributesHandler } from './application/change-attributes.handler.js';
import { CompleteTaskHandler } from './application/complete-task.handler.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { GetOrderHandler } from './application/get-order.handler.js';
import { GetOrderHistoryHandler } from './application/get-order-history.handler.js';
import { ListCustomerOrdersHandler } from './application/list-customer-orders.handler.js';
import { ListOpenTasksHandler } from './application/list-open-tasks.handler.js';
import { ListUnmatchedBankTransfersHandler } from './application/list-unmatched-bank-transfers.handler.js';
import { MatchBankTransferHandler } from './application/match-bank-transfer.handler.js';
import { PaymentReminderScheduler } from './application/payment-reminder.scheduler.js';
import { PromiseShipDateHandler } from './application/promise-ship-date.handler.js';
import { RecordFulfilmentFactHandler } from './application/record-fulfilment-fact.handler.js';
import { RecordOrderPlacedHandler } from './application/record-order-placed.handler.js';
import { RecordSpecialRequestHandler } from './application/record-special-request.handler.js';
import { RecordStockLevelHandler } from './application/record-stock-level.handler.js';
import { RegisterBankTransferHandler } from './application/register-bank-transfer.handler.js';
import { OrderCommands } from './infrastructure/order-commands.js';

@Module({
  controllers: [
    OrdersGrpcController,
    DeskTasksGrpcController,
    StockGrpcController,
    BankTransfersGrpcController,
    CareEventsController,
  ],
  providers: [
    OrderCommands,
    RecordOrderPlacedHandler,
    RecordFulfilmentFactHandler,
    GetOrderHandler,
    GetOrderHistoryHandler,
    ListCustomerOrdersHandler,
    ChangeAddressHandler,
    ChangeAttributesHandler,
    CancelOrderHandler,
    RecordSpecialRequestHandler,
    AttributeSaleHandler,
    ListOpenTasksHandler,
    AcknowledgeTaskHandler,
    CompleteTaskHandler,
    RecordStockLevelHandler,
    PromiseShipDateHandler,
    RegisterBankTransferHandler,
    ListUnmatchedBankTransfersHandler,
    MatchBankTransferHandler,
    PaymentReminderScheduler,
    EraseCustomerHandler,
  ],
})
export class OrdersModule {}

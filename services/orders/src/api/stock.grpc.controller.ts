import {
  type PromiseShipDateRequest,
  type PromiseShipDateResponse,
  type RecordStockLevelRequest,
  type RecordStockLevelResponse,
  type StockServiceController,
  StockServiceControllerMethods,
} from '@cs/contracts/cs/orders/v1/stock_service';
import { Controller } from '@nestjs/common';
import { PromiseShipDateHandler } from '../application/promise-ship-date.handler.js';
import { RecordStockLevelHandler } from '../application/record-stock-level.handler.js';

/** cs.orders.v1.StockService: stock levels from the platform and the shipping promise. */
@Controller()
@StockServiceControllerMethods()
export class StockGrpcController implements StockServiceController {
  constructor(
    private readonly recordStockLevelHandler: RecordStockLevelHandler,
    private readonly promiseShipDateHandler: PromiseShipDateHandler,
  ) {}

  recordStockLevel(request: RecordStockLevelRequest): Promise<RecordStockLevelResponse> {
    return this.recordStockLevelHandler.execute(request);
  }

  promiseShipDate(request: PromiseShipDateRequest): Promise<PromiseShipDateResponse> {
    return this.promiseShipDateHandler.execute(request);
  }
}

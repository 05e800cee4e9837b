import { Module } from '@nestjs/common';
import { PrivacyGrpcController } from './api/privacy.grpc.controller.js';
import { EraseCustomerHandler } from './application/erase-customer.handler.js';
import { ErasureRequestStore } from './infrastructure/erasure-request.store.js';

/** Customer care. So far: erasure requests (PIPL); profiles, revisits and surveys come with their issue. */
@Module({
  controllers: [PrivacyGrpcController],
  providers: [EraseCustomerHandler, ErasureRequestStore],
})
export class CareModule {}

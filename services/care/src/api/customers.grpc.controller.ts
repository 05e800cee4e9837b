import { actorOf } from '@cs/auth';
import {
  type AddCustomerNoteRequest,
  type AddCustomerNoteResponse,
  type CustomersServiceController,
  CustomersServiceControllerMethods,
  type GetCustomerProfileRequest,
  type GetCustomerProfileResponse,
  type GetCustomerTimelineRequest,
  type GetCustomerTimelineResponse,
  type UpdateCustomerProfileRequest,
  type UpdateCustomerProfileResponse,
} from '@cs/contracts/cs/care/v1/customers_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AddCustomerNoteHandler } from '../application/add-customer-note.handler.js';
import { GetCustomerProfileHandler } from '../application/get-customer-profile.handler.js';
import { GetCustomerTimelineHandler } from '../application/get-customer-timeline.handler.js';
import { UpdateCustomerProfileHandler } from '../application/update-customer-profile.handler.js';

/** cs.care.v1.CustomersService: translation only; the actor of a command is the verified caller. */
@Controller()
@CustomersServiceControllerMethods()
export class CustomersGrpcController implements CustomersServiceController {
  constructor(
    private readonly getProfile: GetCustomerProfileHandler,
    private readonly getTimeline: GetCustomerTimelineHandler,
    private readonly updateProfile: UpdateCustomerProfileHandler,
    private readonly addNote: AddCustomerNoteHandler,
  ) {}

  getCustomerProfile(request: GetCustomerProfileRequest): Promise<GetCustomerProfileResponse> {
    return this.getProfile.execute(request);
  }

  getCustomerTimeline(request: GetCustomerTimelineRequest): Promise<GetCustomerTimelineResponse> {
    return this.getTimeline.execute(request);
  }

  updateCustomerProfile(
    request: UpdateCustomerProfileRequest,
    metadata: Metadata,
  ): Promise<UpdateCustomerProfileResponse> {
    return this.updateProfile.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }

  addCustomerNote(request: AddCustomerNoteRequest, metadata: Metadata): Promise<AddCustomerNoteResponse> {
    return this.addNote.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }
}

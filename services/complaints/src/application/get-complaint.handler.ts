import type { GetComplaintRequest, GetComplaintResponse } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ComplaintRepository } from '../infrastructure/complaint.repository.js';
import { complaintView } from './complaint.view.js';

@Injectable()
export class GetComplaintHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetComplaintRequest): Promise<GetComplaintResponse> {
    new Violations().require('complaint_id', request.complaintId).throwIfAny();
    const complaint = await ComplaintRepository.load(this.orm.em.fork(), request.complaintId);
    return { complaint: complaintView(complaint) };
  }
}

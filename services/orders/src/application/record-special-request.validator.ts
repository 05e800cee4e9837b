import { SpecialRequestKind } from '@cs/contracts/cs/orders/v1/order';
import type { RecordSpecialRequestRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkChangeRequest } from './change-request.validator.js';

const kinds = Object.values(SpecialRequestKind).filter(
  (k) => k !== SpecialRequestKind.SPECIAL_REQUEST_KIND_UNSPECIFIED,
);

export function validateRecordSpecialRequest(request: RecordSpecialRequestRequest): void {
  const violations = new Violations();
  checkChangeRequest(request, violations);
  if (!request.request) violations.add('request', 'is required');
  else {
    if (!(kinds as string[]).includes(request.request.kind))
      violations.add('request.kind', `must be one of ${kinds.join(', ')}`);
    violations.require(
      'request.detail',
      request.request.detail,
      'is required: the courier, invoice title, card text or time window',
    );
    if (request.request.detail && request.request.detail.length > 500)
      violations.add('request.detail', 'must be at most 500 characters');
  }
  violations.throwIfAny();
}

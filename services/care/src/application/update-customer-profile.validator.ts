import type { UpdateCustomerProfileRequest } from '@cs/contracts/cs/care/v1/customers_service';
import { Violations } from '@cs/errors';
import { checkCustomerId } from './field-checks.js';
import { channelFromProto } from './proto-mapping.js';

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateUpdateCustomerProfile(request: UpdateCustomerProfileRequest): void {
  const violations = new Violations();
  checkCustomerId(violations, 'customer_id', request.customerId);
  violations.require('idempotency_key', request.idempotencyKey);
  if (request.setTags) {
    if (request.tags.length > 20) violations.add('tags', 'at most 20 tags');
    request.tags.forEach((tag, i) => {
      if (tag.trim() === '' || Array.from(tag).length > 30) violations.add(`tags[${i}]`, 'must be 1..30 characters');
    });
  }
  if (request.setGroup && Array.from(request.group).length > 50)
    violations.add('group', 'must be at most 50 characters');
  if (request.setEmail && request.email !== '' && (!email.test(request.email) || request.email.length > 254))
    violations.add('email', 'must be an email address');
  if (request.addContactChannels.length > 10) violations.add('add_contact_channels', 'at most 10 at a time');
  request.addContactChannels.forEach((channel, i) => {
    if (!channelFromProto(channel.kind)) violations.add(`add_contact_channels[${i}].kind`, 'is required');
    if (channel.address.trim() === '' || channel.address.length > 254)
      violations.add(`add_contact_channels[${i}].address`, 'must be 1..254 characters');
  });
  if (request.expectedVersion < 0) violations.add('expected_version', 'must not be negative');
  if (!request.setTags && !request.setGroup && !request.setEmail && request.addContactChannels.length === 0)
    violations.add('set_tags', 'nothing to change: set tags, group, email or add contact channels');
  violations.throwIfAny();
}

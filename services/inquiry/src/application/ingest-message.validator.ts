import { Channel, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { IngestMessageRequest } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { checkAttachments, checkText } from './field-checks.js';

// A channel stamping its messages a little ahead of our clock is skewed, not early.
const clockSkewMs = 5 * 60_000;

export function validateIngestMessage(request: IngestMessageRequest): void {
  const violations = new Violations();
  checkEnum(request.channel, knownValues(Channel), 'channel', violations);
  checkText('channel_message_id', request.channelMessageId, violations, { max: 200 });
  violations.require('customer.customer_id', request.customer?.customerId);
  // A call record or an email with only attachments still says something; a message with neither says nothing.
  if (!request.body?.trim() && !request.attachments.length) violations.add('body', 'is required (or attachments)');
  checkText('body', request.body, violations, { required: false });
  checkAttachments(request.attachments, violations);
  if (request.order && !request.order.orderId) violations.add('order.order_id', 'is required when order is given');
  if (request.sentAt) {
    const { seconds, nanos } = request.sentAt;
    if (!Number.isSafeInteger(seconds) || seconds < 0 || nanos < 0 || nanos > 999_999_999)
      violations.add('sent_at', 'must be a valid timestamp');
    else if (seconds * 1000 > Date.now() + clockSkewMs) violations.add('sent_at', 'must not be in the future');
  }
  if (request.priority !== Priority.PRIORITY_UNSPECIFIED)
    checkEnum(request.priority, knownValues(Priority), 'priority', violations);
  violations.throwIfAny();
}

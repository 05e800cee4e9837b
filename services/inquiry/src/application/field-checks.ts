import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Attachment } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { Violations } from '@cs/errors';

// Generic checks (checkEnum, checkLength, checkIdempotencyKey, …) live in @cs/errors; these are inquiry's own.

export const MAX_TEXT = 10_000;

export function checkAgent(field: string, agent: AgentRef | undefined | null, violations: Violations): void {
  violations.require(`${field}.agent_id`, agent?.agentId).require(`${field}.name`, agent?.name);
}

export function checkText(
  field: string,
  value: string,
  violations: Violations,
  { required = true, max = MAX_TEXT } = {},
): void {
  if (required) violations.require(field, value);
  if (value && value.length > max) violations.add(field, `must be at most ${max} characters`);
}

/** Attachments are references: a URI the file can be fetched from, never the bytes. */
export function checkAttachments(attachments: Attachment[], violations: Violations): void {
  if (attachments.length > 20) violations.add('attachments', 'must be at most 20');
  attachments.forEach((a, i) => {
    if (!a.uri || !URL.canParse(a.uri)) violations.add(`attachments[${i}].uri`, 'must be an absolute URI');
  });
}

import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import type { Violations } from '@cs/errors';
import { KNOWN_PLACEHOLDERS, unknownPlaceholders } from '../domain/reply-placeholders.rule.js';
import { SHORTCODE_PATTERN } from '../domain/standard-reply.aggregate.js';

const TEXT_MAX = 1000;
const TEAM_PATTERN = /^[a-z0-9-]{0,32}$/;

export function checkReplyText(text: string, violations: Violations): void {
  violations.require('text', text);
  if (text.length > TEXT_MAX) violations.add('text', `must be at most ${TEXT_MAX} characters`);
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0)
    violations.add(
      'text',
      `uses unknown placeholders ${unknown.map((p) => `{${p}}`).join(', ')}; known: ${KNOWN_PLACEHOLDERS.join(', ')}`,
    );
}

export function checkKind(kind: StandardReplyKind, violations: Violations): void {
  const kinds = Object.values(StandardReplyKind).filter((k) => k !== StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED);
  if (!(kinds as string[]).includes(kind)) violations.add('kind', `must be one of ${kinds.join(', ')}`);
}

export function checkShortcode(shortcode: string, violations: Violations): void {
  if (!SHORTCODE_PATTERN.test(shortcode))
    violations.add('shortcode', 'must be 1..32 lower-case letters, digits or dashes, starting with a letter or digit');
}

/** Teams are named as inquiry routes to them (pre-sales, after-sales); empty: the whole shop. */
export function checkTeam(team: string, violations: Violations): void {
  if (!TEAM_PATTERN.test(team)) violations.add('team', 'must be a team name of lower-case letters, digits and dashes');
}

export function checkIdempotencyKey(key: string | undefined, violations: Violations): void {
  violations.require('idempotency_key', key, 'is required: a retry must return the first outcome, not act twice');
  if (key && key.length > 128) violations.add('idempotency_key', 'must be at most 128 characters');
}

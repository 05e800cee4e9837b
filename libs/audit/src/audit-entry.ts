import { createHash } from 'node:crypto';

/** What one audited call leaves: who, what, when, from where, and how it ended. */
export interface AuditEntry {
  at: Date;
  /** The actor's token subject; for a relayed call, the person the service acted for. */
  subject: string;
  roles: string[];
  /** The service that relayed the call on the actor's behalf; '' when the actor called directly. */
  via: string;
  /** The service that handled the call (and keeps the record). */
  service: string;
  /** The gRPC path: /cs.orders.v1.OrdersService/GetOrder. */
  rpc: string;
  /** The ids the request names (orderId, conversationId…); never personal data. */
  ids: Record<string, string>;
  traceId: string;
  /** 'ok', or the gRPC status name with a short message: "PERMISSION_DENIED: …". */
  outcome: string;
}

/** An entry as stored: its place in the chain and the hashes that link it. */
export interface ChainedRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * The bytes a record's hash covers: every field in a fixed order, ids sorted by name (jsonb does
 * not keep key order), the time as ISO-8601 UTC with milliseconds (what timestamptz round-trips).
 * The seq is covered too, so a deleted or reordered record breaks the chain.
 */
export function canonicalJson(seq: number, entry: AuditEntry): string {
  const ids = Object.fromEntries(Object.entries(entry.ids).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({
    seq,
    at: entry.at.toISOString(),
    subject: entry.subject,
    roles: entry.roles,
    via: entry.via,
    service: entry.service,
    rpc: entry.rpc,
    ids,
    traceId: entry.traceId,
    outcome: entry.outcome,
  });
}

/** hash = sha256(prev_hash || canonical JSON of the record), hex. */
export function chainHash(prevHash: string, seq: number, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(seq, entry)).digest('hex');
}

/**
 * The "what" of a call: top-level string fields of the request whose name ends in `Id` (orderId,
 * caseId, customerId…). Ids only, so the trail itself never holds a phone, a street or a name.
 */
export function idsOf(request: unknown): Record<string, string> {
  if (request === null || typeof request !== 'object') return {};
  const ids: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) {
    if (/[a-z]Id$/.test(key) && typeof value === 'string' && value !== '') ids[key] = value.slice(0, 200);
  }
  return ids;
}

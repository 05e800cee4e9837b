import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A command's outcome as idempotency_keys stores it. A retry must get the first outcome back
 * exactly, personal data included (the order with its address, the case with its customer),
 * yet the table must not hold that data in clear. So the outcome is sealed (AES-256-GCM) under a
 * key derived from what only a retry brings: the idempotency key and the request itself. The row
 * keeps neither: its key column holds a hash of the idempotency key and its fingerprint column a
 * hash of the request's fingerprint. Whoever can read the table without sending the same request
 * under the same key sees only `masked`, an outline of the outcome that holds no personal data
 * (outlineOf); the name is the stored format's.
 *
 * Version 2 deflates the outcome before sealing it. Ciphertext does not compress, so PostgreSQL
 * stored a version 1 outcome (an order with its remarks: ~8 KB of JSON, ~11 KB in base64) at full
 * size, out of line, in every command's transaction; deflated first it is ~1 KB. The outcome is
 * the service's own response at rest, not a secret mixed with what an attacker sends and can
 * watch the length of, so compressing before encrypting leaks nothing here. Version 1 still opens.
 */
export interface SealedOutcome {
  sealed: { v: 1 | 2; salt: string; iv: string; tag: string; data: string };
  masked: unknown;
}

/**
 * Level 1 with a 4 KB window and small hash tables: within a few bytes of the defaults' size on
 * outcomes (remarks repeat within a few hundred bytes), and ~32 KB of zlib state per call instead
 * of ~256 KB, which in a loaded service cost 70–120 µs of CPU a call against ~25 µs in a loop.
 */
const DEFLATE = { level: 1, windowBits: 12, memLevel: 5 } as const;

/** Objects this deep in an outcome are elided from its outline: the outcome, its response, the order, its customer. */
const OUTLINE_DEPTH = 4;
/**
 * Text an outline keeps: enum names (CHANGE_ADDRESS_OUTCOME_CHANGED: proto enums always carry their
 * type's prefix, so an underscore, which a name in capitals such as JOHN does not), and what is
 * under an identifier's or a rule's key.
 */
const CONSTANT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const keepsTextOf = (key: string) => key === 'id' || key.endsWith('Id') || key === 'rule';

/**
 * What the table shows of an outcome, to tell what happened without holding anyone's data: its
 * fields four levels deep with numbers, times, identifiers, rules and enum names as they are, other
 * text as `[text]` and lists as their length; and every customer it names, wherever they appear
 * (`customers`), which PIPL erasure looks for (IdempotencyStore.retireOutcomesNaming).
 * It was a masked copy of the whole outcome, an order with every remark, which cost PostgreSQL more
 * than the rest of the command's row (an interleaved A/B: 2.5 against 1.7 ms of its CPU per
 * ChangeAddress) and kept addresses in clear inside remark texts, which masking cannot recognise.
 */
export function outlineOf(outcome: unknown, json = JSON.stringify(outcome)): unknown {
  const outline = outlineAt(outcome, '', 0);
  const customers = customerIdsIn(json);
  if (!customers.length) return outline;
  const named = customers.map((customerId) => ({ customerId }));
  return isRecord(outline) ? { ...outline, customers: named } : { outline, customers: named };
}

function outlineAt(value: unknown, key: string, depth: number): unknown {
  if (typeof value === 'string') return value === '' || CONSTANT.test(value) || keepsTextOf(key) ? value : '[text]';
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  if (!isRecord(value) || value instanceof Date) return value;
  const json = jsonOf(value);
  if (json !== value) return outlineAt(json, key, depth);
  if (depth >= OUTLINE_DEPTH) return '{…}';
  const outline: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) outline[name] = outlineAt(item, name, depth + 1);
  return outline;
}

/**
 * A "customerId" key with a string value, anywhere in the outcome's JSON (the text that is sealed).
 * Read off the text, not by walking the outcome: one pass of the regex engine over what the seal
 * serialised anyway. Inside a string value the quotes are escaped, so only real keys match.
 */
const CUSTOMER_ID_IN_JSON = /"customerId":("(?:[^"\\]|\\.)+")/g;

function customerIdsIn(json: string): string[] {
  const found = new Set<string>();
  for (const match of json.matchAll(CUSTOMER_ID_IN_JSON)) found.add(JSON.parse(match[1] as string) as string);
  return [...found];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** As JSON.stringify sees it: a value with toJSON (an entity, a proto message) by what that returns. */
function jsonOf(value: Record<string, unknown>): unknown {
  const toJSON = value.toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What the key column holds for an idempotency key. */
export const storedKeyOf = (key: string): string => `sha256:${sha256(key)}`;

/** What the fingerprint column holds: a hash of the fingerprint, which itself stays a secret of the request. */
export const storedFingerprintOf = (fingerprint: string): string => `sha256:${sha256(`stored:${fingerprint}`)}`;

/** A KeyObject: createCipheriv takes one in a third of the time it takes to check a raw key (Node 24). */
function cipherKey(operation: string, key: string, fingerprint: string, salt: Buffer): KeyObject {
  return createSecretKey(
    Buffer.from(hkdfSync('sha256', `${key}\u0000${fingerprint}`, salt, `cs.idempotency.outcome:${operation}`, 32)),
  );
}

/** Authenticated with the ciphertext: the operation, the stored key and, from version 2 on, the version. */
function associatedData(version: 1 | 2, operation: string, key: string): Buffer {
  const bound = `${operation}\u0000${storedKeyOf(key)}`;
  return Buffer.from(version === 1 ? bound : `v${version}\u0000${bound}`);
}

export function sealOutcome(operation: string, key: string, fingerprint: string, outcome: unknown): SealedOutcome {
  const random = randomBytes(28);
  const salt = random.subarray(0, 16);
  const iv = random.subarray(16);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(operation, key, fingerprint, salt), iv);
  cipher.setAAD(associatedData(2, operation, key));
  const json = JSON.stringify(outcome);
  const plain = deflateRawSync(Buffer.from(json, 'utf8'), DEFLATE);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    sealed: {
      v: 2,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    },
    masked: outlineOf(outcome, json),
  };
}

export function openOutcome<T>(operation: string, key: string, fingerprint: string, stored: SealedOutcome): T {
  const { v, salt, iv, tag, data } = stored.sealed;
  if (v !== 1 && v !== 2)
    throw new Error(`a sealed outcome of version ${String(v)} cannot be opened here (1 and 2 can)`);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    cipherKey(operation, key, fingerprint, Buffer.from(salt, 'base64')),
    Buffer.from(iv, 'base64'),
  );
  decipher.setAAD(associatedData(v, operation, key));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const opened = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
  const plain = v === 1 ? opened : inflateRawSync(opened);
  return JSON.parse(plain.toString('utf8')) as T;
}

export function isSealed(outcome: unknown): outcome is SealedOutcome {
  return typeof outcome === 'object' && outcome !== null && 'sealed' in outcome;
}

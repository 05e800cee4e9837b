import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { maskPersonalData } from '@cs/telemetry';

/**
 * A command's outcome as idempotency_keys stores it. A retry must get the first outcome back
 * exactly, personal data included (the order with its address, the case with its customer),
 * yet the table must not hold that data in clear. So the outcome is sealed (AES-256-GCM) under a
 * key derived from what only a retry brings: the idempotency key and the request itself. The row
 * keeps neither: its key column holds a hash of the idempotency key and its fingerprint column a
 * hash of the request's fingerprint. Whoever can read the table without sending the same request
 * under the same key sees only `masked`, a copy with personal data masked, to tell what happened.
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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** What the key column holds for an idempotency key. */
export const storedKeyOf = (key: string): string => `sha256:${sha256(key)}`;

/** What the fingerprint column holds: a hash of the fingerprint, which itself stays a secret of the request. */
export const storedFingerprintOf = (fingerprint: string): string => `sha256:${sha256(`stored:${fingerprint}`)}`;

function cipherKey(operation: string, key: string, fingerprint: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', `${key}\u0000${fingerprint}`, salt, `cs.idempotency.outcome:${operation}`, 32));
}

/** Authenticated with the ciphertext: the operation, the stored key and, from version 2 on, the version. */
function associatedData(version: 1 | 2, operation: string, key: string): Buffer {
  const bound = `${operation}\u0000${storedKeyOf(key)}`;
  return Buffer.from(version === 1 ? bound : `v${version}\u0000${bound}`);
}

export function sealOutcome(operation: string, key: string, fingerprint: string, outcome: unknown): SealedOutcome {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(operation, key, fingerprint, salt), iv);
  cipher.setAAD(associatedData(2, operation, key));
  const plain = deflateRawSync(Buffer.from(JSON.stringify(outcome), 'utf8'), DEFLATE);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    sealed: {
      v: 2,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    },
    masked: maskPersonalData(outcome),
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

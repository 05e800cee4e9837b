/**
 * The foreseeable ways a request fails. Domain code throws these (plain TypeScript, no
 * framework); the API layer maps each to its gRPC status and HTTP code.
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'invalid-argument'
    | 'not-found'
    | 'rule-violation'
    | 'concurrent-edit'
    | 'already-exists'
    | 'unauthenticated'
    | 'permission-denied'
    | 'resource-exhausted';
}

export interface FieldViolation {
  /** Path of the field in the request, proto field names: `new_address.phone`. */
  field: string;
  description: string;
}

/** The request is malformed: names every offending field. */
export class InvalidArgument extends DomainError {
  readonly kind = 'invalid-argument';
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.description}`).join('; '));
  }

  static field(field: string, description: string): InvalidArgument {
    return new InvalidArgument([{ field, description }]);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
  }
}

/** A rule of the business forbids this in the current state; `rule` is its stable name. */
export class RuleViolation extends DomainError {
  readonly kind = 'rule-violation';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Someone else changed the thing first: reload and decide again. */
export class ConcurrentEdit extends DomainError {
  readonly kind = 'concurrent-edit';
}

export class AlreadyExists extends DomainError {
  readonly kind = 'already-exists';
}

/** Collects field violations so one response names every bad field at once. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, description: string): this {
    this.list.push({ field, description });
    return this;
  }

  require(field: string, value: string | undefined | null, description = 'is required'): this {
    if (value === undefined || value === null || value.trim() === '') this.add(field, description);
    return this;
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length) throw new InvalidArgument([...this.list]);
  }
}

/** No valid credentials: the message says what is wrong with the token (missing, expired, wrong audience…). */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
}

/** The caller is known but may not do this (its roles, or the rows it may see). */
export class PermissionDenied extends DomainError {
  readonly kind = 'permission-denied';
}

/** The caller sent too much: too many requests, or a request too large. */
export class ResourceExhausted extends DomainError {
  readonly kind = 'resource-exhausted';
}

export {
  checkEnum,
  checkIdempotencyKey,
  checkLength,
  checkMoney,
  checkTimestamp,
  knownValues,
  type MoneyFields,
  type TimestampFields,
} from './field-checks.js';

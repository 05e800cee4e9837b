// The error bodies of the HTTP API, as libs/service-kit writes them (gateway.ts, http-error.filter.ts):
// the Connect protocol's error JSON, with the rich details of the gRPC status flattened into it.

const codes = [
  'canceled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
];

const fieldViolation = '#/components/schemas/google.rpc.BadRequest.FieldViolation';
const message = { type: 'string', description: 'What went wrong, for people: not to be parsed.' };

function errorOf(code, description, extra = {}, required = []) {
  return {
    type: 'object',
    description,
    properties: { code: Array.isArray(code) ? { type: 'string', enum: code } : { const: code }, message, ...extra },
    required: ['code', 'message', ...required],
    additionalProperties: false,
  };
}

/** components/schemas of the error bodies; FieldViolation is the proto's own (google.rpc.BadRequest). */
export const errorSchemas = {
  Error: errorOf(codes, 'Any error: the Connect code of the gRPC status the call ended with.', {
    fieldViolations: { type: 'array', items: { $ref: fieldViolation } },
    reason: { type: 'string' },
  }),
  InvalidArgumentError: errorOf(
    'invalid_argument',
    'Bad input, refused before anything is written: each field at fault, by its proto path (`new_address.street`, `items[0].quantity`; `(body)` when the body as a whole is unreadable).',
    { fieldViolations: { type: 'array', minItems: 1, items: { $ref: fieldViolation } } },
    ['fieldViolations'],
  ),
  FailedPreconditionError: errorOf(
    'failed_precondition',
    'A business rule forbids the call now; `reason` names the rule (google.rpc.ErrorInfo).',
    { reason: { type: 'string', description: "The rule's name, e.g. `order-desk.cancelled-order-cannot-change`." } },
    ['reason'],
  ),
  UnauthenticatedError: errorOf(
    'unauthenticated',
    'No bearer token, or a bad one; the message says what is wrong (expired, wrong audience, unknown key…).',
  ),
  PermissionDeniedError: errorOf(
    'permission_denied',
    "The token's roles do not include one the operation admits, or the row is not the caller's to see.",
  ),
  NotFoundError: errorOf('not_found', 'No such record (or no such method).'),
  ConflictError: errorOf(
    ['aborted', 'already_exists'],
    '`aborted`: someone else changed it first (re-read and retry); `already_exists`: it is there already.',
  ),
  ResourceExhaustedError: errorOf(
    'resource_exhausted',
    'Too much: a request body over the size limit (413), or too many requests from this caller (429: intake operations are rate limited per caller; retry later).',
  ),
  UnavailableError: errorOf('unavailable', 'A dependency (the database) is unreachable; safe to retry.'),
};

const json = (schema) => ({ 'application/json': { schema } });
const refTo = (name) => ({ $ref: `#/components/schemas/${name}` });

/** components/responses, shared by every operation. */
export const errorResponses = {
  BadRequest: {
    description: '`invalid_argument` (with `fieldViolations`) or `failed_precondition` (with `reason`).',
    content: json({
      oneOf: [refTo('InvalidArgumentError'), refTo('FailedPreconditionError')],
      discriminator: {
        propertyName: 'code',
        mapping: {
          invalid_argument: '#/components/schemas/InvalidArgumentError',
          failed_precondition: '#/components/schemas/FailedPreconditionError',
        },
      },
    }),
  },
  Unauthenticated: { description: '`unauthenticated`', content: json(refTo('UnauthenticatedError')) },
  PermissionDenied: { description: '`permission_denied`', content: json(refTo('PermissionDeniedError')) },
  NotFound: { description: '`not_found`', content: json(refTo('NotFoundError')) },
  Conflict: { description: '`aborted` or `already_exists`', content: json(refTo('ConflictError')) },
  PayloadTooLarge: {
    description: '`resource_exhausted`: the body is over the size limit',
    content: json(refTo('ResourceExhaustedError')),
  },
  TooManyRequests: {
    description: '`resource_exhausted`: too many requests',
    content: json(refTo('ResourceExhaustedError')),
  },
  Unavailable: { description: '`unavailable`', content: json(refTo('UnavailableError')) },
  Error: { description: 'Any other error (`internal`, `deadline_exceeded`, …)', content: json(refTo('Error')) },
};

/** The error responses of an operation; `anonymous` ones cannot fail authentication. */
export function errorResponsesOf({ command = false, intake = false, anonymous = false, body = false } = {}) {
  const ref = (name) => ({ $ref: `#/components/responses/${name}` });
  return {
    400: ref('BadRequest'),
    ...(anonymous ? {} : { 401: ref('Unauthenticated'), 403: ref('PermissionDenied') }),
    404: ref('NotFound'),
    ...(command ? { 409: ref('Conflict') } : {}),
    ...(body ? { 413: ref('PayloadTooLarge') } : {}),
    ...(intake ? { 429: ref('TooManyRequests') } : {}),
    503: ref('Unavailable'),
    default: ref('Error'),
  };
}

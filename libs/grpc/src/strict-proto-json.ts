import { type DescEnum, type DescField, type DescMessage, type DescOneof, ScalarType } from '@bufbuild/protobuf';
import { checkDuration, checkTimestamp } from './proto-json-time.js';

export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * The services hold 64-bit integers as JS numbers (ts-proto forceLong=number), so a value past
 * 2^53 would be silently rounded: refuse it rather than store a different number.
 */
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const integerRange: Partial<Record<ScalarType, [bigint, bigint]>> = {
  [ScalarType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SINT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SFIXED32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.UINT32]: [0n, 2n ** 32n - 1n],
  [ScalarType.FIXED32]: [0n, 2n ** 32n - 1n],
  [ScalarType.INT64]: [-maxSafe, maxSafe],
  [ScalarType.SINT64]: [-maxSafe, maxSafe],
  [ScalarType.SFIXED64]: [-maxSafe, maxSafe],
  [ScalarType.UINT64]: [0n, maxSafe],
  [ScalarType.FIXED64]: [0n, maxSafe],
};
const maxFloat = 3.4028234663852886e38;
const decimalNumber = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const maxViolations = 20;

type Report = (path: string, description: string) => void;

/**
 * Checks a request's JSON against its message descriptor as proto3 JSON says, strictly: right
 * JSON types, integers that are integral and in range, RFC 3339 timestamps, known enum values,
 * no unknown or repeated fields, at most one member of a oneof. ts-proto's fromJSON coerces
 * anything (an object becomes "[object Object]"), so only a body that passes here may reach it.
 * Paths use proto field names (`new_address.street`, `items[0].quantity`), as the services do.
 */
export function strictJsonViolations(message: DescMessage, json: unknown): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const report: Report = (path, description) => {
    if (violations.length < maxViolations) violations.push({ field: path || '(body)', description });
  };
  checkMessage(message, json, '', report);
  return violations;
}

function checkMessage(message: DescMessage, value: unknown, path: string, report: Report): void {
  if (message.typeName === 'google.protobuf.Timestamp') {
    checkTimestamp(value, path, report);
    return;
  }
  if (message.typeName === 'google.protobuf.Duration') {
    checkDuration(value, path, report);
    return;
  }
  if (!isJsonObject(value)) {
    report(path, `must be a JSON object (${message.typeName})`);
    return;
  }
  const fields = fieldsByJsonKey(message);
  const seen = new Map<DescField, string>();
  const oneofMembers = new Map<DescOneof, string>();
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      if (!reservedNames(message).has(key)) report(join(path, key), `is not a field of ${message.typeName}`);
      continue;
    }
    const fieldPath = join(path, field.name);
    const other = seen.get(field);
    if (other !== undefined) {
      report(fieldPath, `is given twice (as ${other} and ${key})`);
      continue;
    }
    seen.set(field, key);
    // proto3 JSON: null stands for the field's default value.
    if (item === null) continue;
    if (field.oneof) {
      const member = oneofMembers.get(field.oneof);
      if (member) report(fieldPath, `cannot be set together with ${member} (oneof ${field.oneof.name})`);
      oneofMembers.set(field.oneof, field.name);
    }
    checkField(field, item, fieldPath, report);
  }
}

function checkField(field: DescField, value: unknown, path: string, report: Report): void {
  switch (field.fieldKind) {
    case 'scalar':
      checkScalar(field.scalar, value, path, report);
      return;
    case 'enum':
      checkEnum(field.enum, value, path, report);
      return;
    case 'message':
      checkMessage(field.message, value, path, report);
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        report(path, 'must be a JSON array');
        return;
      }
      value.forEach((item, i) => {
        const itemPath = `${path}[${i}]`;
        if (item === null) {
          report(itemPath, 'must not be null');
          return;
        }
        if (field.listKind === 'scalar') checkScalar(field.scalar, item, itemPath, report);
        else if (field.listKind === 'enum') checkEnum(field.enum, item, itemPath, report);
        else checkMessage(field.message, item, itemPath, report);
      });
      return;
    }
    case 'map': {
      if (!isJsonObject(value)) {
        report(path, 'must be a JSON object (a map)');
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        const itemPath = `${path}[${JSON.stringify(key)}]`;
        checkMapKey(field.mapKey, key, itemPath, report);
        if (item === null) report(itemPath, 'must not be null');
        else if (field.mapKind === 'scalar') checkScalar(field.scalar, item, itemPath, report);
        else if (field.mapKind === 'enum') checkEnum(field.enum, item, itemPath, report);
        else checkMessage(field.message, item, itemPath, report);
      }
      return;
    }
  }
}

function checkScalar(type: ScalarType, value: unknown, path: string, report: Report): void {
  switch (type) {
    case ScalarType.STRING:
      if (typeof value !== 'string') {
        report(path, `must be a JSON string, not ${jsonType(value)}`);
        return;
      }
      if (!value.isWellFormed()) report(path, 'is not valid Unicode (unpaired surrogate)');
      return;
    case ScalarType.BOOL:
      if (typeof value !== 'boolean') report(path, `must be true or false, not ${jsonType(value)}`);
      return;
    case ScalarType.BYTES:
      if (typeof value !== 'string' || !base64.test(value.replaceAll('-', '+').replaceAll('_', '/')))
        report(path, 'must be a base64 string');
      return;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT: {
      const n = typeof value === 'string' && decimalNumber.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        report(path, 'must be a finite number');
        return;
      }
      if (type === ScalarType.FLOAT && Math.abs(n) > maxFloat) report(path, 'is out of range for a float');
      return;
    }
    default:
      checkInteger(type, value, path, report);
      return;
  }
}

function checkInteger(type: ScalarType, value: unknown, path: string, report: Report): void {
  let n: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,40}$/.test(value)) n = BigInt(value);
  else {
    report(path, `must be an integer (a JSON number or a decimal string), not ${describe(value)}`);
    return;
  }
  const [min, max] = integerRange[type] ?? [0n, 0n];
  if (n < min || n > max) report(path, `is out of range (${min} to ${max})`);
}

function checkEnum(type: DescEnum, value: unknown, path: string, report: Report): void {
  const known =
    typeof value === 'string'
      ? type.values.some((v) => v.name === value)
      : typeof value === 'number' && type.values.some((v) => v.number === value);
  if (!known) report(path, `must be a value of ${type.typeName} (its name), not ${describe(value)}`);
}

function checkMapKey(type: ScalarType, key: string, path: string, report: Report): void {
  if (type === ScalarType.STRING) return;
  if (type === ScalarType.BOOL) {
    if (key !== 'true' && key !== 'false') report(path, 'map key must be "true" or "false"');
    return;
  }
  checkInteger(type, key, path, report);
}

const jsonKeyCache = new WeakMap<DescMessage, Map<string, DescField>>();

/** proto3 JSON accepts a field under its JSON name and its proto name. */
function fieldsByJsonKey(message: DescMessage): Map<string, DescField> {
  let keys = jsonKeyCache.get(message);
  if (!keys) {
    keys = new Map();
    for (const field of message.fields) {
      keys.set(field.jsonName, field);
      keys.set(field.name, field);
    }
    jsonKeyCache.set(message, keys);
  }
  return keys;
}

const reservedCache = new WeakMap<DescMessage, Set<string>>();

/**
 * Names the message reserves, i.e. fields it once had: an older client may still send them, and
 * they are ignored (as the binary decoder skips their numbers) rather than refused as unknown.
 */
function reservedNames(message: DescMessage): Set<string> {
  let names = reservedCache.get(message);
  if (!names) {
    names = new Set();
    for (const name of message.proto.reservedName) {
      names.add(name);
      names.add(name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    }
    reservedCache.set(message, names);
  }
  return names;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return jsonType(value);
}

import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import type { Random } from './random.js';

/** One malformed HTTP body and the field path the answer must name ('(body)' for the body as a whole). */
export interface MalformedJson {
  label: string;
  body: string | Buffer;
  field: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A well-formed proto3 JSON value for every field (depth-limited), which mutations then break one at a time. */
export function sampleMessage(message: DescMessage, depth = 0): Json {
  if (message.typeName === 'google.protobuf.Timestamp') return '2026-12-03T10:15:00Z';
  if (message.typeName === 'google.protobuf.Duration') return '60s';
  const out: Record<string, Json> = {};
  const oneofsSet = new Set<unknown>();
  for (const field of message.fields) {
    if (field.oneof && oneofsSet.has(field.oneof)) continue;
    if (field.oneof) oneofsSet.add(field.oneof);
    const value = sampleField(field, depth);
    if (value !== undefined) out[field.jsonName] = value;
  }
  return out;
}

function sampleField(field: DescField, depth: number): Json | undefined {
  switch (field.fieldKind) {
    case 'scalar':
      return sampleScalar(field.scalar);
    case 'enum':
      return (field.enum.values[1] ?? field.enum.values[0])?.name ?? 0;
    case 'message':
      return depth < 3 ? sampleMessage(field.message, depth + 1) : undefined;
    case 'list':
      if (field.listKind === 'message') return depth < 3 ? [sampleMessage(field.message, depth + 1)] : undefined;
      return [field.listKind === 'enum' ? (field.enum.values[1]?.name ?? 0) : sampleScalar(field.scalar)];
    case 'map':
      if (field.mapKind !== 'scalar') return undefined;
      return {
        [field.mapKey === ScalarType.STRING ? 'k' : field.mapKey === ScalarType.BOOL ? 'true' : '1']: sampleScalar(
          field.scalar,
        ),
      };
  }
}

function sampleScalar(type: ScalarType): Json {
  if (type === ScalarType.STRING) return 'x';
  if (type === ScalarType.BOOL) return true;
  if (type === ScalarType.BYTES) return 'eA==';
  if (type === ScalarType.DOUBLE || type === ScalarType.FLOAT) return 1.5;
  return isInt64(type) ? '1' : 1;
}

const isInt64 = (t: ScalarType) =>
  [ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64].includes(t);

// Values of the wrong JSON type, fractional, huge, NaN-like or unparseable, per kind of field.
const bad = {
  string: [{ a: 1 }, 13900002222, ['a', 'b'], true, 1.5],
  integer: ['abc', 1999.5, 1e30, 'NaN', true, { a: 1 }, '9007199254740993', '1.5', ['1'], ''],
  bool: [1, 'true', { a: 1 }, 'yes'],
  number: ['NaN', 'Infinity', 'abc', { a: 1 }, [1], true],
  bytes: ['not base64!', 5, { a: 1 }],
  enum: ['NOT_A_VALUE', 99999, { a: 1 }, 1.5, true],
  timestamp: [
    'yesterday',
    '2026-13-01T00:00:00Z',
    '2026-12-03 10:15',
    1733220000,
    '2026-12-03T10:15:00',
    '2026-02-30T00:00:00Z',
  ],
  duration: ['1 minute', 60, { a: 1 }],
  message: ['x', 5, [{}], true],
  list: ['x', { a: 1 }, [null]],
  map: [['a'], 'x', { k: null }, { k: { a: 1 } }],
} satisfies Record<string, Json[]>;

function badValuesOf(field: DescField): Json[] {
  if (field.fieldKind === 'list') return bad.list;
  if (field.fieldKind === 'map') return bad.map;
  if (field.fieldKind === 'enum') return bad.enum;
  if (field.fieldKind === 'message') {
    if (field.message.typeName === 'google.protobuf.Timestamp') return bad.timestamp;
    if (field.message.typeName === 'google.protobuf.Duration') return bad.duration;
    return bad.message;
  }
  switch (field.scalar) {
    case ScalarType.STRING:
      return bad.string;
    case ScalarType.BOOL:
      return bad.bool;
    case ScalarType.BYTES:
      return bad.bytes;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return bad.number;
    default:
      return bad.integer;
  }
}

interface Slot {
  /** Where the value sits in the sample body (JSON names and array indexes). */
  at: (string | number)[];
  /** The path a violation names (proto names). */
  path: string;
  field: DescField;
}

/** Every field of the request, and those of its singular and first repeated sub-messages, two levels down. */
function slotsOf(message: DescMessage, at: (string | number)[] = [], path = '', depth = 0): Slot[] {
  const slots: Slot[] = [];
  const oneofsSet = new Set<unknown>();
  for (const field of message.fields) {
    if (field.oneof && oneofsSet.has(field.oneof)) continue;
    if (field.oneof) oneofsSet.add(field.oneof);
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    slots.push({ at: [...at, field.jsonName], path: fieldPath, field });
    const nested = field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message');
    if (!nested || depth >= 2 || field.message.typeName.startsWith('google.protobuf.')) continue;
    if (field.fieldKind === 'message')
      slots.push(...slotsOf(field.message, [...at, field.jsonName], fieldPath, depth + 1));
    else slots.push(...slotsOf(field.message, [...at, field.jsonName, 0], `${fieldPath}[0]`, depth + 1));
  }
  return slots;
}

/** Malformed bodies for one request message: each breaks one thing of an otherwise well-formed request. */
export function malformedBodies(message: DescMessage, random: Random, perMethod: number): MalformedJson[] {
  const sample = sampleMessage(message) as Record<string, Json>;
  const sampleText = JSON.stringify(sample);
  const out: MalformedJson[] = [];
  for (const slot of random.pick(slotsOf(message), perMethod)) {
    const value = random.one(badValuesOf(slot.field));
    const body = structuredClone(sample);
    setAt(body, slot.at, value);
    out.push({ label: `${slot.path}=${JSON.stringify(value)}`, body: JSON.stringify(body), field: slot.path });
  }
  out.push({ label: 'unknown field', body: JSON.stringify({ ...sample, bogus_field: 1 }), field: 'bogus_field' });
  out.push({
    label: 'truncated JSON',
    body: sampleText.slice(0, random.int(1, sampleText.length - 1)),
    field: '(body)',
  });
  out.push({ label: 'top-level array', body: JSON.stringify([sample]), field: '(body)' });
  out.push({ label: 'invalid UTF-8', body: invalidUtf8(sampleText), field: '(body)' });
  return out;
}

/** The sample with two bytes that are not UTF-8 (0xC3 0x28) inside its first string, or as a key. */
function invalidUtf8(text: string): Buffer {
  const at = text.indexOf('"x"');
  if (at < 0) return Buffer.concat([Buffer.from('{"'), Buffer.from([0xc3, 0x28]), Buffer.from('":1}')]);
  return Buffer.concat([
    Buffer.from(text.slice(0, at + 1)),
    Buffer.from([0xc3, 0x28]),
    Buffer.from(text.slice(at + 2)),
  ]);
}

function setAt(root: Json, at: (string | number)[], value: Json): void {
  let node = root as Record<string | number, Json>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[at.at(-1)!] = value;
}

import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { isJsonObject } from './strict-proto-json.js';

const int64Types = new Set([
  ScalarType.INT64,
  ScalarType.UINT64,
  ScalarType.SINT64,
  ScalarType.FIXED64,
  ScalarType.SFIXED64,
]);

/**
 * Turns ts-proto's toJSON output into proto3 JSON proper: 64-bit integers as strings (ts-proto
 * writes them as numbers). Enums are already names and timestamps RFC 3339 strings.
 */
export function toProto3Json(message: DescMessage, json: unknown): unknown {
  if (!isJsonObject(json) || message.typeName.startsWith('google.protobuf.')) return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const field = message.fields.find((f) => f.jsonName === key || f.name === key);
    out[key] = field ? fieldValue(field, value) : value;
  }
  return out;
}

function fieldValue(field: DescField, value: unknown): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return int64Types.has(field.scalar) ? int64String(value) : value;
    case 'message':
      return toProto3Json(field.message, value);
    case 'list':
      if (!Array.isArray(value)) return value;
      if (field.listKind === 'message') return value.map((item) => toProto3Json(field.message, item));
      return field.listKind === 'scalar' && int64Types.has(field.scalar) ? value.map(int64String) : value;
    case 'map': {
      if (!isJsonObject(value)) return value;
      const convert =
        field.mapKind === 'message'
          ? (item: unknown) => toProto3Json(field.message, item)
          : field.mapKind === 'scalar' && int64Types.has(field.scalar)
            ? int64String
            : (item: unknown) => item;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    default:
      return value;
  }
}

function int64String(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

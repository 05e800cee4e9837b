import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { FieldViolation } from './strict-proto-json.js';

const maxDepth = 64;
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

class WireViolation extends Error {
  constructor(
    readonly field: string,
    description: string,
  ) {
    super(description);
  }
}

/**
 * Checks protobuf bytes against the message descriptor before the (lenient) decoder sees them:
 * well-formed tags and lengths, each known field in a wire type its type allows, strings valid
 * UTF-8 (protobufjs would turn bad bytes into U+FFFD), 64-bit integers within what the services
 * can hold, doubles finite. Unknown fields are skipped, as proto3 wants, so newer clients keep working.
 */
export function wireViolation(message: DescMessage, bytes: Uint8Array): FieldViolation | undefined {
  try {
    walkMessage(message, bytes, '', 0);
    return undefined;
  } catch (error) {
    if (error instanceof WireViolation) return { field: error.field || '(message)', description: error.message };
    return { field: '(message)', description: `is not a valid ${message.typeName}: ${(error as Error).message}` };
  }
}

function walkMessage(message: DescMessage, bytes: Uint8Array, path: string, depth: number): void {
  if (depth > maxDepth) throw new WireViolation(path, 'nests too deeply');
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    const field = message.fields.find((f) => f.number === number);
    if (!field) reader.skip(wireType, number);
    else walkField(field, wireType, reader, path ? `${path}.${field.name}` : field.name, depth);
    if (reader.pos > reader.len) throw new WireViolation(path, 'is truncated');
  }
}

function walkField(field: DescField, wireType: WireType, reader: BinaryReader, path: string, depth: number): void {
  switch (field.fieldKind) {
    case 'scalar':
      readScalar(field.scalar, wireType, reader, path);
      return;
    case 'enum':
      readScalar(ScalarType.INT32, wireType, reader, path);
      return;
    case 'message':
      expectWire(wireType, WireType.LengthDelimited, path);
      walkMessage(field.message, reader.bytes(), path, depth + 1);
      return;
    case 'list': {
      if (field.listKind === 'message') {
        expectWire(wireType, WireType.LengthDelimited, path);
        walkMessage(field.message, reader.bytes(), path, depth + 1);
        return;
      }
      const scalar = field.listKind === 'enum' ? ScalarType.INT32 : field.scalar;
      const packable = scalar !== ScalarType.STRING && scalar !== ScalarType.BYTES;
      if (packable && wireType === WireType.LengthDelimited) {
        // Packed: one length-delimited run of values of the element's own wire type.
        const packed = new BinaryReader(reader.bytes());
        while (packed.pos < packed.len) readScalar(scalar, wireTypeOf(scalar), packed, path);
        if (packed.pos > packed.len) throw new WireViolation(path, 'is truncated');
        return;
      }
      readScalar(scalar, wireType, reader, path);
      return;
    }
    case 'map': {
      expectWire(wireType, WireType.LengthDelimited, path);
      const entry = new BinaryReader(reader.bytes());
      while (entry.pos < entry.len) {
        const [number, entryWire] = entry.tag();
        if (number === 1) readScalar(field.mapKey, entryWire, entry, `${path}.key`);
        else if (number === 2 && field.mapKind === 'message') {
          expectWire(entryWire, WireType.LengthDelimited, path);
          walkMessage(field.message, entry.bytes(), `${path}.value`, depth + 1);
        } else if (number === 2 && field.mapKind === 'enum')
          readScalar(ScalarType.INT32, entryWire, entry, `${path}.value`);
        else if (number === 2 && field.mapKind === 'scalar')
          readScalar(field.scalar, entryWire, entry, `${path}.value`);
        else entry.skip(entryWire, number);
      }
      return;
    }
  }
}

function readScalar(type: ScalarType, wireType: WireType, reader: BinaryReader, path: string): void {
  expectWire(wireType, wireTypeOf(type), path);
  switch (type) {
    case ScalarType.STRING:
      try {
        reader.string(true);
      } catch (error) {
        if (error instanceof RangeError) throw new WireViolation(path, 'is truncated');
        throw new WireViolation(path, 'is not valid UTF-8');
      }
      return;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64: {
      const value = BigInt(readInt64(type, reader));
      if (value > maxSafe || value < -maxSafe) throw new WireViolation(path, `is out of range (±${maxSafe})`);
      return;
    }
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT: {
      // As over HTTP: the platform's measures are finite numbers.
      const value = type === ScalarType.DOUBLE ? reader.double() : reader.float();
      if (reader.pos > reader.len) throw new WireViolation(path, 'is truncated');
      if (!Number.isFinite(value)) throw new WireViolation(path, 'must be a finite number');
      return;
    }
    default:
      reader.skip(wireType);
  }
}

function readInt64(type: ScalarType, reader: BinaryReader): bigint | string {
  if (type === ScalarType.UINT64) return reader.uint64();
  if (type === ScalarType.SINT64) return reader.sint64();
  if (type === ScalarType.FIXED64) return reader.fixed64();
  if (type === ScalarType.SFIXED64) return reader.sfixed64();
  return reader.int64();
}

function wireTypeOf(type: ScalarType): WireType {
  switch (type) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

function expectWire(actual: WireType, expected: WireType, path: string): void {
  if (actual !== expected) throw new WireViolation(path, `has wire type ${actual}, its type needs ${expected}`);
}

import { type DescMessage, ScalarType } from '@bufbuild/protobuf';
import type { Random } from './random.js';

/** One malformed gRPC request body; whatever the message, it can never decode. */
export interface MalformedProtobuf {
  label: string;
  bytes: Buffer;
}

const tag = (field: number, wireType: number) => varint((field << 3) | wireType);

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** Garbage, truncations and wrong encodings appended to (or replacing) a valid encoding of the request. */
export function malformedProtobufs(message: DescMessage, valid: Buffer, random: Random): MalformedProtobuf[] {
  const out: MalformedProtobuf[] = [
    // Tag 0 is illegal, whatever follows.
    { label: 'garbage', bytes: Buffer.concat([Buffer.from([0x00]), random.bytes(random.int(1, 64))]) },
    // A length-delimited field claiming 10 bytes with 3 left.
    { label: 'truncated length', bytes: Buffer.concat([valid, tag(1, 2), Buffer.from([10, 1, 2, 3])]) },
    // A varint that never ends.
    { label: 'truncated varint', bytes: Buffer.concat([valid, tag(1, 0), Buffer.from([0xff, 0xff])]) },
    { label: 'wire type 7', bytes: Buffer.concat([valid, tag(1, 7), Buffer.from([1])]) },
  ];
  if (valid.length > 1) out.push({ label: 'valid message cut short', bytes: cutInsideLastField(valid) });
  const text = message.fields.find((f) => f.fieldKind === 'scalar' && f.scalar === ScalarType.STRING);
  if (text) {
    const bytes = Buffer.concat([valid, tag(text.number, 2), Buffer.from([2, 0xc3, 0x28])]);
    out.push({ label: `invalid UTF-8 in ${text.name}`, bytes });
  }
  // A varint where a string, bytes or message goes.
  const lengthDelimited = message.fields.find(
    (f) =>
      (f.fieldKind === 'scalar' && (f.scalar === ScalarType.STRING || f.scalar === ScalarType.BYTES)) ||
      f.fieldKind === 'message' ||
      f.fieldKind === 'map' ||
      (f.fieldKind === 'list' && f.listKind === 'message'),
  );
  if (lengthDelimited) {
    const bytes = Buffer.concat([valid, tag(lengthDelimited.number, 0), Buffer.from([1])]);
    out.push({ label: `varint for ${lengthDelimited.name}`, bytes });
  }
  return out;
}

/** The valid encoding without its last byte: whatever the last field is, its value is now incomplete. */
function cutInsideLastField(valid: Buffer): Buffer {
  return valid.subarray(0, valid.length - 1);
}

// JSON Schemas (2020-12, as OpenAPI 3.1 uses) of proto messages in their proto3 JSON form, in two
// directions: what the services write (64-bit integers as strings) and what they accept (integers
// as numbers or decimal strings, doubles as numbers or decimal strings).

const int64Types = new Set(['TYPE_INT64', 'TYPE_UINT64', 'TYPE_SINT64', 'TYPE_FIXED64', 'TYPE_SFIXED64']);
const int32Types = new Set(['TYPE_INT32', 'TYPE_UINT32', 'TYPE_SINT32', 'TYPE_FIXED32', 'TYPE_SFIXED32']);
const unsignedTypes = new Set(['TYPE_UINT32', 'TYPE_FIXED32', 'TYPE_UINT64', 'TYPE_FIXED64']);
const numericTypes = new Set([...int64Types, ...int32Types, 'TYPE_DOUBLE', 'TYPE_FLOAT']);
// The services hold 64-bit integers as JS numbers and refuse what they could not hold exactly.
const maxSafe = Number.MAX_SAFE_INTEGER;
const decimal = '^-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$';

const wrapperTypes = {
  DoubleValue: 'TYPE_DOUBLE',
  FloatValue: 'TYPE_FLOAT',
  Int64Value: 'TYPE_INT64',
  UInt64Value: 'TYPE_UINT64',
  Int32Value: 'TYPE_INT32',
  UInt32Value: 'TYPE_UINT32',
  BoolValue: 'TYPE_BOOL',
  StringValue: 'TYPE_STRING',
  BytesValue: 'TYPE_BYTES',
};

/** The proto3 JSON of well-known types, which is not that of their fields. */
function wellKnownSchema(fullName, input) {
  if (!fullName.startsWith('google.protobuf.')) return undefined;
  const name = fullName.slice('google.protobuf.'.length);
  if (wrapperTypes[name]) return scalarSchema(wrapperTypes[name], input);
  return {
    Timestamp: { type: 'string', format: 'date-time', description: 'RFC 3339, e.g. 2026-11-23T02:00:00Z' },
    Duration: { type: 'string', pattern: '^-?[0-9]+(?:\\.[0-9]{1,9})?s$', description: 'seconds, e.g. "3.5s"' },
    Empty: { type: 'object', additionalProperties: false },
    Struct: { type: 'object' },
    Value: {},
    ListValue: { type: 'array' },
    FieldMask: { type: 'string' },
    Any: { type: 'object', properties: { '@type': { type: 'string' } }, required: ['@type'] },
  }[name];
}

export function scalarSchema(type, input) {
  const unsigned = unsignedTypes.has(type);
  const integerPattern = unsigned ? '^[0-9]+$' : '^-?[0-9]+$';
  if (int64Types.has(type)) {
    const format = unsigned ? 'uint64' : 'int64';
    return input
      ? {
          type: ['string', 'integer'],
          format,
          pattern: integerPattern,
          minimum: unsigned ? 0 : -maxSafe,
          maximum: maxSafe,
        }
      : { type: 'string', format, pattern: integerPattern };
  }
  if (int32Types.has(type)) {
    const [format, minimum, maximum] = unsigned ? ['uint32', 0, 2 ** 32 - 1] : ['int32', -(2 ** 31), 2 ** 31 - 1];
    return input
      ? { type: ['integer', 'string'], format, pattern: integerPattern, minimum, maximum }
      : { type: 'integer', format, minimum, maximum };
  }
  switch (type) {
    case 'TYPE_DOUBLE':
    case 'TYPE_FLOAT': {
      const format = type === 'TYPE_DOUBLE' ? 'double' : 'float';
      return input ? { type: ['number', 'string'], format, pattern: decimal } : { type: 'number', format };
    }
    case 'TYPE_BOOL':
      return { type: 'boolean' };
    case 'TYPE_BYTES':
      return { type: 'string', contentEncoding: 'base64' };
    default:
      return { type: 'string' };
  }
}

/** Builds the components/schemas of one document: only the messages and enums it reaches. */
export class SchemaSet {
  constructor(protoIndex) {
    this.proto = protoIndex;
    this.schemas = new Map();
    this.outputs = new Set();
  }

  /**
   * Marks every message reachable from these output messages, so that a message both written and
   * accepted (with a different form) keeps its plain name for the written form.
   */
  markOutputs(fullNames) {
    const visit = (name) => {
      if (this.outputs.has(name) || !this.proto.messages.has(name)) return;
      this.outputs.add(name);
      for (const f of this.proto.messages.get(name).message.field ?? []) if (f.typeName) visit(typeOf(f));
    };
    for (const name of fullNames) visit(name);
  }

  /** A schema referring to a message (or well-known type) in one direction. */
  ref(fullName, input) {
    const known = wellKnownSchema(fullName, input);
    if (known) return { ...known };
    if (this.proto.enums.has(fullName)) return { $ref: `#/components/schemas/${this.enumComponent(fullName)}` };
    const name = input && this.outputs.has(fullName) && this.formsDiffer(fullName) ? `${fullName}.input` : fullName;
    if (!this.schemas.has(name)) {
      this.schemas.set(name, null); // a placeholder first: messages may refer to themselves
      this.schemas.set(name, this.messageSchema(fullName, input));
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  components() {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  enumComponent(fullName) {
    if (!this.schemas.has(fullName)) {
      const { values, description } = this.proto.enums.get(fullName);
      const documented = values.filter((v) => v.description);
      const list = documented.map((v) => `- \`${v.name}\`: ${v.description.replaceAll('\n', ' ')}`).join('\n');
      this.schemas.set(fullName, {
        type: 'string',
        enum: values.map((v) => v.name),
        ...describe([description, list].filter(Boolean).join('\n\n')),
      });
    }
    return fullName;
  }

  messageSchema(fullName, input) {
    const { message, description, fieldComments } = this.proto.messages.get(fullName);
    const properties = {};
    const protoNames = {};
    const oneofMembers = new Map();
    for (const f of message.field ?? []) {
      let schema = this.fieldSchema(fullName, f, input);
      if (f.oneofIndex !== undefined && !f.proto3Optional) {
        const oneof = message.oneofDecl[f.oneofIndex].name;
        oneofMembers.set(oneof, [...(oneofMembers.get(oneof) ?? []), f.jsonName]);
      }
      schema = { ...schema, ...describe(fieldComments.get(f.name)) };
      properties[f.jsonName] = schema;
      // proto3 JSON parsers take a field under its proto name too (order_id for orderId).
      if (input && f.name !== f.jsonName) protoNames[`^${f.name}$`] = schema;
    }
    // Names the message reserves (fields it once had): an older client may still send them; ignored.
    if (input) {
      for (const reserved of message.reservedName ?? []) {
        const camel = reserved.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
        for (const name of new Set([reserved, camel])) {
          protoNames[`^${name}$`] = { deprecated: true, description: 'No longer a field: ignored.' };
        }
      }
    }
    const oneofNotes = [...oneofMembers]
      .filter(([, members]) => members.length > 1)
      .map(([name, members]) => `At most one of ${members.map((m) => `\`${m}\``).join(', ')} (oneof ${name}).`);
    return {
      type: 'object',
      ...describe([description, ...oneofNotes].filter(Boolean).join('\n\n')),
      properties,
      ...(Object.keys(protoNames).length ? { patternProperties: protoNames } : {}),
      additionalProperties: false,
    };
  }

  fieldSchema(owner, f, input) {
    const typeName = f.typeName ? typeOf(f) : undefined;
    const mapEntry = typeName ? this.proto.messages.get(typeName)?.message : undefined;
    if (mapEntry?.options?.mapEntry) {
      const value = mapEntry.field.find((x) => x.name === 'value');
      return { type: 'object', additionalProperties: this.fieldSchema(owner, value, input) };
    }
    const item = typeName ? this.ref(typeName, input) : scalarSchema(f.type, input);
    return f.label === 'LABEL_REPEATED' ? { type: 'array', items: item } : item;
  }

  /** Whether a message's accepted form differs from its written one (numbers or proto names anywhere inside). */
  formsDiffer(fullName, visiting = new Set()) {
    if (fullName.startsWith('google.protobuf.')) return isNumericWrapper(fullName);
    if (visiting.has(fullName)) return false;
    visiting.add(fullName);
    const entry = this.proto.messages.get(fullName);
    if (entry?.message.reservedName?.length) return true;
    return (entry?.message.field ?? []).some(
      (f) => f.name !== f.jsonName || (f.typeName ? this.formsDiffer(typeOf(f), visiting) : numericTypes.has(f.type)),
    );
  }
}

/** Messages and enums of a `buf build` image by full name, with their comments. */
export function indexProto(image) {
  const messages = new Map();
  const enums = new Map();
  for (const file of image.file) {
    const comments = new Map();
    for (const loc of file.sourceCodeInfo?.location ?? []) {
      if (loc.leadingComments) comments.set((loc.path ?? []).join(','), cleanComment(loc.leadingComments));
    }
    const visitEnums = (prefix, list, path) =>
      (list ?? []).forEach((e, i) => {
        enums.set(`${prefix}.${e.name}`, {
          description: comments.get(`${path},${i}`),
          values: e.value.map((v, vi) => ({ name: v.name, description: comments.get(`${path},${i},2,${vi}`) })),
        });
      });
    const visitMessages = (prefix, list, path) =>
      (list ?? []).forEach((m, i) => {
        const fullName = `${prefix}.${m.name}`;
        const own = `${path},${i}`;
        const fieldComments = new Map((m.field ?? []).map((f, fi) => [f.name, comments.get(`${own},2,${fi}`)]));
        messages.set(fullName, { message: m, description: comments.get(own), fieldComments });
        visitMessages(fullName, m.nestedType, `${own},3`);
        visitEnums(fullName, m.enumType, `${own},4`);
      });
    visitMessages(file.package, file.messageType, '4');
    visitEnums(file.package, file.enumType, '5');
  }
  return { messages, enums };
}

/** A proto comment as Markdown: without the blank that follows each `//`. */
export function cleanComment(text) {
  return (text ?? '').replace(/^ /gm, '').trim();
}

function typeOf(field) {
  return field.typeName.replace(/^\./, '');
}

function isNumericWrapper(fullName) {
  return numericTypes.has(wrapperTypes[fullName.replace(/^google\.protobuf\./, '')]);
}

function describe(text) {
  return text ? { description: text } : {};
}

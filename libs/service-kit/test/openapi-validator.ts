import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

export interface HttpReply {
  status: number;
  body: unknown;
}

type Schema = Record<string, unknown>;
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Operation['responses'][string]> };
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const root = 'urn:cs:openapi';

/**
 * Validates bodies against an OpenAPI 3.1 document's schemas with a stock JSON Schema 2020-12
 * validator (ajv). The discriminator is an annotation for client generators (ajv does not take its
 * mapping); the oneOf beside it does the validating.
 */
export function documentValidator(document: unknown) {
  const source = JSON.parse(
    JSON.stringify(document, (key, value) => (key === 'discriminator' ? undefined : value)).replaceAll(
      '"#/components/schemas/',
      `"${root}#/$defs/`,
    ),
  ) as Document;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI's numeric formats: the type, range and pattern beside them say everything.
  for (const format of ['int32', 'int64', 'uint32', 'uint64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: root, $defs: source.components.schemas });

  const operation = (path: string): Operation => {
    const item = source.paths[path];
    if (!item) throw new Error(`the document has no path ${path}`);
    return (item.post ?? item.get)!;
  };
  const check = (schema: Schema | undefined, body: unknown, what: string) => {
    expect(schema, `${what}: no JSON schema`).toBeDefined();
    const validate = ajv.compile(schema!);
    const valid = validate(body);
    expect(valid, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
  };

  return {
    expectRequest(path: string, body: unknown): void {
      check(operation(path).requestBody?.content['application/json']?.schema, body, `request of ${path}`);
    },
    expectResponse(path: string, reply: HttpReply): void {
      const responses = operation(path).responses;
      let response = responses[String(reply.status)] ?? responses.default!;
      if (response.$ref) response = source.components.responses[response.$ref.split('/').at(-1)!]!;
      check(response.content?.['application/json']?.schema, reply.body, `${reply.status} of ${path}`);
    },
  };
}

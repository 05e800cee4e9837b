#!/usr/bin/env node
// Generates TypeScript from proto/ (ts-proto through buf, no network needed), the typed
// event-subject map and the AsyncAPI catalogue. With --check, generates into a temporary
// folder and fails if the committed output differs.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAccessTable, UndeclaredAccess } from './codegen/access-table.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buf = join(root, 'node_modules/.bin/buf');
const committedGen = join(root, 'libs/contracts/src/gen');
const check = process.argv.includes('--check');

function generateInto(genDir, outDir) {
  const asyncApiPath = join(outDir, 'asyncapi.json');
  rmSync(genDir, { recursive: true, force: true });
  const template = readFileSync(join(root, 'proto/buf.gen.yaml'), 'utf8').replace(/out: .*/, `out: ${genDir}`);
  const templatePath = join(mkdtempSync(join(tmpdir(), 'buf-gen-')), 'buf.gen.yaml');
  writeFileSync(templatePath, template);
  execFileSync(buf, ['generate', '--template', templatePath], { cwd: join(root, 'proto'), stdio: 'inherit' });
  const image = JSON.parse(
    execFileSync(buf, ['build', '-o', '-#format=json'], { cwd: join(root, 'proto'), maxBuffer: 64 << 20 }).toString(),
  );
  // The descriptor set served by gRPC server reflection (no source info: smaller, nothing secret).
  execFileSync(buf, ['build', '--exclude-source-info', '-o', join(outDir, 'descriptors.binpb')], {
    cwd: join(root, 'proto'),
  });
  const events = collectEvents(image);
  const schemas = jsonSchemas(image);
  const services = collectServices(image);
  writeFileSync(join(genDir, 'event-catalogue.ts'), renderCatalogue(events));
  writeFileSync(join(genDir, 'service-routes.ts'), renderRoutes(services, image));
  writeFileSync(join(genDir, 'access-table.ts'), renderAccessTable(services));
  writeFileSync(join(genDir, 'personal-data.ts'), renderPersonalData(image));
  writeFileSync(asyncApiPath, `${JSON.stringify(renderAsyncApi(events, schemas), null, 2)}\n`);
  writeFileSync(join(genDir, 'openapi.ts'), renderOpenApi(services, schemas));
}

function messageIndex(image) {
  const index = new Map();
  const visit = (file, prefix, messages) => {
    for (const m of messages ?? []) {
      const fullName = `${prefix}.${m.name}`;
      index.set(fullName, {
        file: file.name,
        name: m.name,
        exportName: fullName.slice(file.package.length + 1).replaceAll('.', '_'),
        message: m,
      });
      visit(file, fullName, m.nestedType);
    }
  };
  for (const file of image.file) visit(file, file.package, file.messageType);
  return index;
}

function collectServices(image) {
  const services = [];
  for (const file of image.file) {
    if (!file.name.startsWith('cs/')) continue;
    const comments = commentsByPath(file);
    (file.service ?? []).forEach((service, index) => {
      services.push({
        fullName: `${file.package}.${service.name}`,
        package: file.package,
        description: comments.get(`6,${index}`) ?? '',
        methods: (service.method ?? []).map((m, mi) => ({
          name: m.name,
          input: m.inputType.replace(/^\./, ''),
          output: m.outputType.replace(/^\./, ''),
          streaming: Boolean(m.clientStreaming || m.serverStreaming),
          access: m.options?.['[cs.common.v1.access]'],
          description: comments.get(`6,${index},2,${mi}`) ?? '',
        })),
      });
    });
  }
  return services;
}

/**
 * Where personal data sits in each message: its own marked fields (cs.common.v1.personal_data) and
 * the fields whose message type holds some, so a response can be masked without knowing its type.
 */
function renderPersonalData(image) {
  const index = messageIndex(image);
  const direct = new Map();
  for (const [fullName, entry] of index) {
    for (const f of entry.message.field ?? []) {
      const kind = f.options?.['[cs.common.v1.personal_data]'];
      if (kind) {
        if (!direct.has(fullName)) direct.set(fullName, {});
        direct.get(fullName)[f.jsonName] = kind.replace(/^PERSONAL_DATA_/, '').toLowerCase();
      }
    }
  }
  const holds = new Map();
  const visiting = new Set();
  const holdsPersonalData = (fullName) => {
    if (holds.has(fullName)) return holds.get(fullName);
    if (visiting.has(fullName)) return false;
    visiting.add(fullName);
    const entry = index.get(fullName);
    const fields = { ...(direct.get(fullName) ?? {}) };
    for (const f of entry?.message.field ?? []) {
      const typeName = f.typeName?.replace(/^\./, '');
      if (f.type === 'TYPE_MESSAGE' && typeName && index.has(typeName) && holdsPersonalData(typeName)) {
        fields[f.jsonName] = typeName;
      }
    }
    visiting.delete(fullName);
    const result = Object.keys(fields).length ? fields : false;
    holds.set(fullName, result);
    return result;
  };
  const rows = [...index.keys()]
    .filter((name) => name.startsWith('cs.'))
    .sort()
    .map((name) => [name, holdsPersonalData(name)])
    .filter(([, fields]) => fields)
    .map(([name, fields]) => `  '${name}': ${JSON.stringify(fields)},`);
  return `// Code generated by scripts/generate.mjs from the (cs.common.v1.personal_data) options in proto/. DO NOT EDIT.
// Per message: a field is "phone", "street" or "name" (personal data), or the message type it holds that has some.
export const personalDataFields: Record<string, Record<string, string>> = {
${rows.join('\n')}
};
`;
}

function renderRoutes(services, image) {
  const index = messageIndex(image);
  const imports = new Map();
  const ref = (fullName) => {
    const entry = index.get(fullName);
    const alias = fullName.replaceAll('.', '_');
    imports.set(alias, `import { ${entry.exportName} as ${alias} } from './${entry.file.replace(/\.proto$/, '.js')}';`);
    return alias;
  };
  const body = services
    .map((service) => {
      const methods = service.methods
        .filter((m) => !m.streaming)
        .map((m) => `    ${m.name}: { request: ${ref(m.input)}, response: ${ref(m.output)} },`);
      return `  '${service.fullName}': {\n${methods.join('\n')}\n  },`;
    })
    .join('\n');
  return `// Code generated by scripts/generate.mjs from the services in proto/. DO NOT EDIT.
// The unary methods of every service with their request and response codecs: the HTTP/JSON
// gateway serves each at POST /<package>.<Service>/<Method>.
${[...imports.values()].sort().join('\n')}

export const serviceRoutes = {
${body}
} as const;
`;
}

const wellKnown = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Any': { type: 'object', properties: { '@type': { type: 'string' } }, additionalProperties: true },
};

function jsonSchemas(image) {
  const schemas = {};
  const enums = new Map();
  const visitEnums = (prefix, list, nested) => {
    for (const e of list ?? [])
      enums.set(
        `${prefix}.${e.name}`,
        e.value.map((v) => v.name),
      );
    for (const m of nested ?? []) visitEnums(`${prefix}.${m.name}`, m.enumType, m.nestedType);
  };
  for (const file of image.file) visitEnums(file.package, file.enumType, file.messageType);
  for (const [fullName, entry] of messageIndex(image)) {
    if (wellKnown[fullName] || entry.message.options?.mapEntry) continue;
    if (!fullName.startsWith('cs.') && !fullName.startsWith('google.rpc.')) continue;
    const properties = {};
    const nestedByName = new Map((entry.message.nestedType ?? []).map((n) => [`${fullName}.${n.name}`, n]));
    for (const f of entry.message.field ?? []) {
      const typeName = f.typeName?.replace(/^\./, '');
      const mapEntry =
        typeName && nestedByName.get(typeName)?.options?.mapEntry ? nestedByName.get(typeName) : undefined;
      let schema;
      if (mapEntry) {
        const valueField = mapEntry.field.find((x) => x.name === 'value');
        schema = { type: 'object', additionalProperties: fieldSchema(valueField, enums) };
      } else {
        schema = fieldSchema(f, enums);
        if (f.label === 'LABEL_REPEATED') schema = { type: 'array', items: schema };
      }
      properties[f.jsonName] = schema;
    }
    schemas[fullName] = { type: 'object', properties, additionalProperties: false };
  }
  return schemas;
}

function fieldSchema(f, enums) {
  if (scalarSchema[f.type]) return { ...scalarSchema[f.type] };
  const typeName = f.typeName.replace(/^\./, '');
  if (f.type === 'TYPE_ENUM') return { type: 'string', enum: enums.get(typeName) };
  return wellKnown[typeName] ? { ...wellKnown[typeName] } : { $ref: `#/components/schemas/${typeName}` };
}

function renderOpenApi(services, schemas) {
  const documents = {};
  for (const service of services) {
    const paths = {};
    for (const m of service.methods.filter((x) => !x.streaming)) {
      paths[`/${service.fullName}/${m.name}`] = {
        post: {
          operationId: m.name,
          summary: m.description,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${m.input}` } } },
          },
          responses: {
            200: {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${m.output}` } } },
            },
            default: {
              description: 'Error (Connect error JSON: code, message, details)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ConnectError' } } },
            },
          },
        },
      };
    }
    documents[service.package] ??= {
      openapi: '3.1.0',
      info: { title: service.package, version: service.package.split('.').at(-1) },
      paths: {},
      components: {
        schemas: {
          ...schemas,
          ConnectError: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              details: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    };
    Object.assign(documents[service.package].paths, paths);
  }
  return `// Code generated by scripts/generate.mjs from proto/. DO NOT EDIT.
// OpenAPI 3.1 documents of each package's HTTP/JSON API, served at /openapi.json.
export const openApiDocuments: Record<string, unknown> = ${JSON.stringify(documents, null, 2)};
`;
}

function collectEvents(image) {
  const events = [];
  for (const file of image.file) {
    if (!file.name.startsWith('cs/')) continue;
    const comments = commentsByPath(file);
    (file.messageType ?? []).forEach((message, index) => {
      const subject = message.options?.['[cs.common.v1.event_subject]'];
      if (!subject) return;
      events.push({
        subject,
        message: message.name,
        fullName: `${file.package}.${message.name}`,
        file: file.name,
        description: comments.get(`4,${index}`) ?? '',
        fields: message.field ?? [],
      });
    });
  }
  return events.sort((a, b) => a.subject.localeCompare(b.subject));
}

function commentsByPath(file) {
  const map = new Map();
  for (const loc of file.sourceCodeInfo?.location ?? []) {
    if (loc.leadingComments) map.set((loc.path ?? []).join(','), loc.leadingComments.trim());
  }
  return map;
}

function renderCatalogue(events) {
  const imports = events
    .map((e) => `import { ${e.message} } from './${e.file.replace(/\.proto$/, '.js')}';`)
    .filter((line, i, all) => all.indexOf(line) === i);
  const entries = events.map((e) => `  '${e.subject}': ${e.message},`);
  return `// Code generated by scripts/generate.mjs from the event_subject options in proto/. DO NOT EDIT.
// Subjects are persisted contracts: renaming one breaks every durable consumer of it.
${imports.join('\n')}

export const eventCatalogue = {
${entries.join('\n')}
} as const;
`;
}

const scalarSchema = {
  TYPE_STRING: { type: 'string' },
  TYPE_BOOL: { type: 'boolean' },
  TYPE_INT32: { type: 'integer' },
  TYPE_INT64: { type: ['integer', 'string'] },
  TYPE_UINT32: { type: 'integer' },
  TYPE_UINT64: { type: ['integer', 'string'] },
  TYPE_DOUBLE: { type: 'number' },
  TYPE_FLOAT: { type: 'number' },
  TYPE_BYTES: { type: 'string', contentEncoding: 'base64' },
};

function renderAsyncApi(events, schemas) {
  const channels = {};
  const operations = {};
  const messages = {};
  for (const e of events) {
    const key = e.subject.replaceAll('.', '_');
    messages[e.message] = {
      name: e.fullName,
      contentType: 'application/json',
      summary: e.description,
      headers: {
        type: 'object',
        required: ['ce-id', 'ce-type', 'ce-source', 'ce-time', 'ce-specversion', 'Nats-Msg-Id'],
        properties: {
          'ce-id': { type: 'string' },
          'ce-type': { const: e.subject },
          'ce-source': { type: 'string' },
          'ce-time': { type: 'string', format: 'date-time' },
          'ce-subject': { type: 'string', description: 'the aggregate id' },
          'ce-specversion': { const: '1.0' },
          traceparent: { type: 'string' },
          'Nats-Msg-Id': { type: 'string', description: 'equals ce-id' },
        },
      },
      payload: { $ref: `#/components/schemas/${e.fullName}` },
    };
    channels[key] = { address: e.subject, messages: { [e.message]: { $ref: `#/components/messages/${e.message}` } } };
    operations[`receive_${key}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${key}` },
      summary: `Stream CS_${e.subject.split('.')[1].toUpperCase()}`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Customer-service platform events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 over NATS JetStream (binary mode). One stream per producing service. Generated from proto/.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas },
  };
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// An undeclared RPC is the author's to fix: say which, without a stack trace.
process.on('uncaughtException', (error) => {
  if (!(error instanceof UndeclaredAccess)) throw error;
  console.error(error.message);
  process.exit(1);
});

if (check) {
  const scratch = mkdtempSync(join(tmpdir(), 'cs-gen-'));
  const scratchGen = join(scratch, 'gen');
  mkdirSync(scratchGen);
  generateInto(scratchGen, scratch);
  const fresh = new Map(listFiles(scratchGen).map((p) => [relative(scratchGen, p), readFileSync(p, 'utf8')]));
  const committed = new Map(listFiles(committedGen).map((p) => [relative(committedGen, p), readFileSync(p, 'utf8')]));
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter((k) => fresh.get(k) !== committed.get(k));
  for (const name of ['asyncapi.json', 'descriptors.binpb']) {
    const committedFile = join(root, 'libs/contracts', name);
    if (!existsSync(committedFile) || !readFileSync(join(scratch, name)).equals(readFileSync(committedFile)))
      stale.push(name);
  }
  if (stale.length) {
    console.error(`generated code is stale; run \`npm run generate\`. Differs: ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('generated code is current');
} else {
  generateInto(committedGen, join(root, 'libs/contracts'));
  console.log('generated libs/contracts/src/gen and libs/contracts/asyncapi.json');
}

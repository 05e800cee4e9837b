#!/usr/bin/env node
// Generates TypeScript from proto/ (ts-proto through buf, no network needed), the typed
// event-subject map and the AsyncAPI catalogue (with docs/events, its Markdown). With --check,
// generates into a temporary folder and fails if the committed output differs.
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
import { renderAsyncApi } from './codegen/asyncapi.mjs';
import { syncDashboards } from './codegen/dashboards.mjs';
import { UnreadableHandler } from './codegen/event-consumers.mjs';
import { renderEventPages, syncEventPages } from './codegen/event-docs.mjs';
import { staleOpenApi, writeOpenApi } from './codegen/openapi.mjs';

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
  writeFileSync(asyncApiPath, `${JSON.stringify(renderAsyncApi(events, schemas, image, root), null, 2)}\n`);
  const documentDirs =
    genDir === committedGen ? [join(root, 'docs/openapi'), join(outDir, 'openapi')] : [join(outDir, 'openapi')];
  writeOpenApi(image, services, genDir, documentDirs);
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

// docs/events, rendered from the AsyncAPI document just generated.
const eventDocs = join(root, 'docs/events');
const eventPagesOf = (asyncApiPath) => renderEventPages(JSON.parse(readFileSync(asyncApiPath, 'utf8')));

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// An undeclared RPC, or an @OnEvent whose subject is not a literal, is the author's to fix: say
// which, without a stack trace.
process.on('uncaughtException', (error) => {
  if (!(error instanceof UndeclaredAccess || error instanceof UnreadableHandler)) throw error;
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
  stale.push(...syncDashboards(root, { check: true }));
  stale.push(...staleOpenApi(join(scratch, 'openapi'), join(root, 'docs/openapi'), 'docs/openapi'));
  stale.push(...staleOpenApi(join(scratch, 'openapi'), join(root, 'libs/contracts/openapi'), 'libs/contracts/openapi'));
  stale.push(...syncEventPages(eventPagesOf(join(scratch, 'asyncapi.json')), eventDocs, { check: true }));
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
  syncDashboards(root, { check: false });
  syncEventPages(eventPagesOf(join(root, 'libs/contracts/asyncapi.json')), eventDocs);
  console.log('generated libs/contracts/src/gen, libs/contracts/openapi and libs/contracts/asyncapi.json');
}

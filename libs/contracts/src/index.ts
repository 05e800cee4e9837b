import { readFileSync } from 'node:fs';
import { eventCatalogue } from './gen/event-catalogue.js';

export { eventCatalogue };

/** Every subject an event is published on; see asyncapi.json. */
export type EventSubject = keyof typeof eventCatalogue;

/** The payload message of an event subject: publishing or consuming a mismatched pair fails to compile. */
export type EventPayload<S extends EventSubject> = ReturnType<(typeof eventCatalogue)[S]['fromJSON']>;

/** Encodes and decodes one event payload as proto3 JSON. */
export interface EventCodec<T> {
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

export function codecFor<S extends EventSubject>(subject: S): EventCodec<EventPayload<S>> {
  return eventCatalogue[subject] as unknown as EventCodec<EventPayload<S>>;
}

export function isEventSubject(subject: string): subject is EventSubject {
  return Object.hasOwn(eventCatalogue, subject);
}

/** The JetStream stream of the producing service: cs.orders.* → CS_ORDERS. */
export function streamOf(subject: string): string {
  const producer = subject.split('.')[1];
  if (!subject.startsWith('cs.') || !producer) throw new Error(`not a platform subject: ${subject}`);
  return `CS_${producer.toUpperCase()}`;
}

import { type OpenApiDocument, openApiServices } from './gen/openapi.js';
import { serviceRoutes } from './gen/service-routes.js';

export { type OpenApiDocument, openApiServices };

const openApiRead = new Map<string, OpenApiDocument>();
/**
 * A service's OpenAPI document, read from libs/contracts/openapi/ when first asked for and kept:
 * a file, not a module, so a service's bundle does not carry every service's document.
 */
export function openApiDocument(name: string): OpenApiDocument {
  let document = openApiRead.get(name);
  if (!document) {
    if (!Object.hasOwn(openApiServices, name)) throw new Error(`no OpenAPI document for ${name}`);
    const file = new URL(import.meta.resolve(`@cs/contracts/openapi/${name}.json`));
    document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    openApiRead.set(name, document);
  }
  return document;
}
export { serviceRoutes };

/** A unary method's request and response codecs, as the HTTP/JSON gateway uses them. */
export interface MethodCodecs {
  request: { fromJSON(object: unknown): unknown; encode(message: never): { finish(): Uint8Array } };
  response: { decode(input: Uint8Array): unknown; toJSON(message: never): unknown };
}
export type ServiceName = keyof typeof serviceRoutes;

/**
 * Every proto file as a FileDescriptorSet (buf build), for gRPC server reflection. Found by package
 * name, not beside this module: a service bundle holds this code but not the file.
 */
export function descriptorSet(): Buffer {
  return readFileSync(new URL(import.meta.resolve('@cs/contracts/descriptors.binpb')));
}

export type { AccessRule } from './access-rule.js';
export { accessTable } from './gen/access-table.js';
export { personalDataFields } from './gen/personal-data.js';

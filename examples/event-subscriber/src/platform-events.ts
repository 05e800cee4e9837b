// The payload types and their proto3 JSON decoders, generated from the platform's proto/ files. In
// your own project, generate them the same way: `buf generate` with ts-proto and the options in
// proto/buf.gen.yaml gives the messages; the subject → message map is the event_subject option of
// each message (listed in libs/contracts/asyncapi.json and docs/events).
import { type EventPayload, type EventSubject, eventCatalogue } from '@cs/contracts';
import { type CloudEventV1, ValidationError } from 'cloudevents';

/** One platform event: its CloudEvents attributes and its payload, typed by its subject. */
export type PlatformEvent = {
  [S in EventSubject]: { type: S; cloudEvent: CloudEventV1<unknown>; data: EventPayload<S> };
}[EventSubject];

/** Decodes the data of a CloudEvent whose type is a platform subject; throws on any other type. */
export function decodePlatformEvent(cloudEvent: CloudEventV1<unknown>): PlatformEvent {
  const type = cloudEvent.type;
  if (!Object.hasOwn(eventCatalogue, type)) {
    // A subject newer than this build (additive changes within v1 add subjects): update the contracts.
    throw new ValidationError(`unknown event type ${type}`);
  }
  const codec = eventCatalogue[type as EventSubject];
  return { type, cloudEvent, data: codec.fromJSON(cloudEvent.data ?? {}) } as PlatformEvent;
}

import {
  DiscardPolicy,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { millis, type NatsConnection, nanos } from '@nats-io/transport-node';
import { type BusLogger, noopLogger } from './bus-logger.util.js';
import {
  DEAD_LETTER_STREAM,
  deadLetterSubjects,
  prefixStream,
  prefixSubject,
  producerStream,
  producerSubjects,
} from './naming.util.js';

export interface EnsureStreamsOptions {
  /** The producing services whose streams to set up, e.g. ['orders']. The dead-letter stream is always included. */
  producers: string[];
  subjectPrefix?: string;
  /** JetStream drops a re-publish with the same Nats-Msg-Id within this window. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** Stream replicas in a NATS cluster. Default 1. */
  replicas?: number;
  /** How long a stream keeps an event. Default STREAM_MAX_AGE_HOURS (tests shorten it). */
  maxAgeMs?: number;
  logger?: BusLogger;
}

/** What one stream must look like. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  duplicateWindowMs: number;
  replicas: number;
  maxAgeMs: number;
}

const STREAM_NAME_IN_USE = 10058;
const SUBJECTS_OVERLAP = 10065;
export const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;
/**
 * How far back the streams keep events (90 days): how far a new subscription can replay (README,
 * "Subscribing to events"). The one source of this value: deploy/k8s/generate.mjs reads this line
 * for the NACK Stream objects' maxAge, and a test fails if the two differ.
 */
export const STREAM_MAX_AGE_HOURS = 2160;
const HOUR_MS = 3_600_000;

export function streamSpecs(options: EnsureStreamsOptions): StreamSpec[] {
  const prefix = options.subjectPrefix;
  const common = {
    duplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    replicas: options.replicas ?? 1,
    maxAgeMs: options.maxAgeMs ?? STREAM_MAX_AGE_HOURS * HOUR_MS,
  };
  const producers = [...new Set(options.producers)].map((producer) => ({
    name: prefixStream(prefix, producerStream(producer)),
    subjects: [prefixSubject(prefix, producerSubjects(producer))],
    ...common,
  }));
  return [
    ...producers,
    {
      name: prefixStream(prefix, DEAD_LETTER_STREAM),
      subjects: [prefixSubject(prefix, deadLetterSubjects())],
      ...common,
    },
  ];
}

/**
 * Creates one stream per producing service (CS_<SERVICE> holding cs.<service>.>) and the dead-letter
 * stream (CS_DLQ holding cs.dlq.>), file storage, limits retention, with the duplicate window and
 * the max age (STREAM_MAX_AGE_HOURS) set.
 * Idempotent: a stream whose configuration differs is updated; safe when replicas of a service race.
 */
export async function ensureStreams(nc: NatsConnection, options: EnsureStreamsOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const spec of streamSpecs(options)) await ensureStream(jsm, spec, { update: true, logger: options.logger });
}

/**
 * Makes one stream exist. With update: false an existing stream is left as it is (consumers use this,
 * so the producer's settings win).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  spec: StreamSpec,
  { update, logger = noopLogger }: { update: boolean; logger?: BusLogger | undefined },
): Promise<void> {
  const existing = await streamConfig(jsm, spec.name);
  if (!existing) {
    try {
      await jsm.streams.add(newStreamConfig(spec));
      logger.info({ stream: spec.name, subjects: spec.subjects }, 'created stream');
      return;
    } catch (error) {
      // Another replica created it between our look-up and our add: the server answers "name in use",
      // or (nats-server 2.9, when both adds race) "subjects overlap" with the very stream we wanted.
      const code = apiErrorCode(error);
      const racedUs =
        code === STREAM_NAME_IN_USE || (code === SUBJECTS_OVERLAP && (await streamConfig(jsm, spec.name)));
      if (!racedUs && code === SUBJECTS_OVERLAP) {
        throw new Error(`stream ${spec.name}: subjects ${spec.subjects.join(', ')} overlap another stream`, {
          cause: error,
        });
      }
      if (!racedUs) throw error;
    }
  }
  if (!update) return;
  const current = existing ?? (await streamConfig(jsm, spec.name));
  if (!current) throw new Error(`stream ${spec.name} vanished while being set up`);
  const drift = configDrift(current, spec);
  if (drift.length === 0) return;
  if (current.storage !== StorageType.File)
    logger.warn({ stream: spec.name }, 'stream is not file-backed; storage cannot be changed in place');
  await jsm.streams.update(spec.name, {
    ...current,
    subjects: spec.subjects,
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: spec.replicas,
    max_age: nanos(spec.maxAgeMs),
  });
  logger.info({ stream: spec.name, changed: drift }, 'updated stream configuration');
}

export function newStreamConfig(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(spec.duplicateWindowMs),
    num_replicas: spec.replicas,
    max_age: nanos(spec.maxAgeMs),
  };
}

/** The names of the settings in which the stream differs from the spec. */
export function configDrift(current: StreamConfig, spec: StreamSpec): string[] {
  const drift: string[] = [];
  const sameSubjects =
    current.subjects.length === spec.subjects.length && spec.subjects.every((s) => current.subjects.includes(s));
  if (!sameSubjects) drift.push('subjects');
  if (millis(current.duplicate_window) !== spec.duplicateWindowMs) drift.push('duplicate_window');
  if (current.num_replicas !== spec.replicas) drift.push('num_replicas');
  if (millis(current.max_age ?? 0) !== spec.maxAgeMs) drift.push('max_age');
  return drift;
}

async function streamConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function apiErrorCode(error: unknown): number | undefined {
  return error instanceof JetStreamApiError ? error.code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}

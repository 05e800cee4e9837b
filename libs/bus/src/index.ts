export { type BusOptions, type ConnectBusOptions, connectBus } from './bus-connection.factory.js';
export { type BusHealth, BusHealthMonitor, type BusHealthMonitorOptions, busHealth } from './bus-health.check.js';
export { type BusLogger, noopLogger } from './bus-logger.util.js';
export {
  CE,
  cloudEventHeaders,
  headerRecord,
  type IncomingEvent,
  MalformedEventError,
  type OutgoingEvent,
  parseCloudEvent,
} from './cloud-event.codec.js';
export { type ConsumerRoute, consumerRoute } from './consumer-route.model.js';
export { DEAD_LETTER_HEADERS } from './dead-letter.publisher.js';
export { type ConsumerStart, deliverFrom, START_FROM_ALL } from './durable-consumer.setup.js';
export { type EventContext, JetStreamContext } from './event.context.js';
export {
  JetStreamServer,
  type JetStreamServerOptions,
  type JetStreamServerStats,
  type JetStreamServerStatus,
} from './jetstream.server.js';
export {
  MessagingRetention,
  type PurgeCounts,
  type RetentionSettings,
} from './messaging-retention.service.js';
export {
  allPartitions,
  DEAD_LETTER_STREAM,
  deadLetterSubject,
  durableName,
  EVENT_PARTITIONS,
  eventNatsSubject,
  partitionDurableName,
  partitionOf,
  partitionOfSubject,
  prefixStream,
  prefixSubject,
  producerStream,
  unprefixSubject,
  withoutPartition,
} from './naming.util.js';
export { type EventHandlerMethod, OnEvent, type OnEventOptions, type PayloadMatches } from './on-event.decorator.js';
export { Outbox, type OutboxMeta } from './outbox.writer.js';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRelayStats,
  RELAY_APPLICATION_NAME,
} from './outbox-relay.service.js';
export {
  DEFAULT_DUPLICATE_WINDOW_MS,
  type EnsureStreamsOptions,
  ensureStreams,
  STREAM_MAX_AGE_HOURS,
} from './streams.setup.js';
export { JETSTREAM_TRANSPORT } from './transport.constants.js';
export { uuidv7 } from './uuid-v7.util.js';

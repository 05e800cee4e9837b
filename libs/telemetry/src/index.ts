export { createLogger, type Logger } from './logger.js';
export { type MessageSpanAttributes, withConsumerSpan, withProducerSpan } from './messaging-spans.js';
export {
  counter,
  gauge,
  histogram,
  initMetrics,
  metricsContentType,
  metricsRegistry,
  observableGauge,
  renderMetrics,
} from './metrics.js';
export { NestPinoLogger } from './nest-pino.logger.js';
export { maskName, maskPersonalData, maskPersonalDataInText, maskPhone } from './personal-data.mask.js';
export { shutdownTelemetry } from './shutdown.js';
export { contextFromTraceHeaders, injectTraceHeaders, type TraceHeaders } from './trace-headers.js';

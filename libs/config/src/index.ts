export { blobStoreEnvShape } from './blob-store.schema.js';
export { type CamelCase, type CamelCaseKeys, camelCase, camelCaseKeys } from './camel-case.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export { envObject } from './env-object.js';
export { envBoolean, envEnum, envInt, envPort, envString, envUrl, envVar } from './env-var.js';
export { EX_CONFIG, loadConfig, parseConfig } from './load-config.js';
export {
  type LogLevel,
  logLevels,
  type PlatformConfig,
  platformConfigSchema,
  platformEnvShape,
  type ServiceDefaults,
} from './platform-config.schema.js';

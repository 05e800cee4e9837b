export { EventRecorder, type RecordedEvent } from './event-recorder.js';
export { type Infrastructure, MissingInfrastructureError, provideInfrastructure } from './infrastructure.js';
export { cloneRow, expectStableAcrossInsert, type PageOfIds } from './keyset-paging.js';
export { type PublishAsProducerOptions, publishAsProducer } from './publish-event.js';
export { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';
export {
  createMigratedTestDatabase,
  ensureTemplateDatabase,
  type TemplateSpec,
  templateName,
} from './template-database.js';
export { createTestDatabase, type TestDatabase, uniqueSubjectPrefix } from './test-database.js';
export { authAs, bearerFor, type TestCaller, testAuthEnv, testIssuer, tokenFor } from './test-identity.js';
export { deleteTestStreams } from './test-streams.js';
export { staysTrue, type WaitOptions, waitFor } from './wait-for.js';

export { type Infrastructure, MissingInfrastructureError, provideInfrastructure } from './infrastructure.js';
export { createTestDatabase, type TestDatabase, uniqueSubjectPrefix } from './test-database.js';
export { staysTrue, waitFor, type WaitOptions } from './wait-for.js';

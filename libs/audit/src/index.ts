/** What every service's gRPC server serves for its audit trail, besides its own services. */
export { AuditServiceDefinition as auditGrpcService } from '@cs/contracts/cs/audit/v1/audit_service';
export { AuditGrpcController } from './audit.grpc.controller.js';
export { AuditInterceptor } from './audit.interceptor.js';
export { type AuditEntry, type ChainedRecord, canonicalJson, chainHash, idsOf } from './audit-entry.js';
export { type AuditQuery, type ChainVerdict, findRecords, verifyChain } from './audit-reader.js';
export { AUDIT_APPLICATION_NAME, AuditTrail, createAuditPool } from './audit-trail.js';
export { AuditedAccessGuard } from './audited-access.guard.js';
export { outcomeOf, traceIdOf } from './call-context.js';

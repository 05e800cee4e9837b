export {
  ACCESS_POLICY,
  AccessGuard,
  AnyAuthenticated,
  CheckedDownstream,
  Public,
  SameAccessAs,
} from './access.guard.js';
export { AccessPolicy, type AccessPolicyOptions, ON_BEHALF_OF } from './access-policy.js';
export { actorOf, agentRefOf, rememberActor } from './actor.js';
export { DevIssuer, type DevIssuerOptions, type DevTokenClaims } from './dev-issuer.js';
export { mintDevToken } from './dev-token.js';
export { type GrpcCall, grpcCallOf, metadataValue } from './grpc-call.js';
export { PersonalDataInterceptor } from './personal-data.interceptor.js';
export { hiddenKinds, maskMessage, type PersonalDataKind, seesInClear } from './personal-data.policy.js';
export { type Actor, hasRole, type Principal } from './principal.js';
export { RateLimiter } from './rate-limiter.js';
export { allRoleNames, type RoleName, roleName, roles } from './roles.js';
export { type ServiceCredentials, ServiceTokenSource } from './service-token.source.js';
export { JwksTokenVerifier, principalOf, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';

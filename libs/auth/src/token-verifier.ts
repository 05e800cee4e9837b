import { Unauthenticated } from '@cs/errors';
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Principal } from './principal.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Leeway for exp/nbf/iat between our clock and the issuer's. */
  clockSkewSeconds: number;
  /** Claim holding the roles; a dotted path for providers that nest them (realm_access.roles). */
  rolesClaim: string;
  /** Least time between two JWKS fetches prompted by unknown key ids (default 30 s). */
  refetchCooldownMs?: number;
  /** Answer a token verified before from memory until it expires (default true; the auth benchmark turns it off). */
  cacheVerified?: boolean;
}

/** Verifies bearer tokens and turns them into principals. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const cacheLimit = 10_000;

/**
 * Verifies JWTs against the issuer's JWKS: signature, issuer, audience, expiry (with clock skew).
 * Keys are fetched once and cached; an unknown `kid` refetches the set (at most every 30 s), so the
 * provider can rotate keys without a restart. A token already verified is answered from memory
 * until it expires: the same agent's console sends the same token many times a minute.
 */
export class JwksTokenVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.refetchCooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.options.cacheVerified === false ? undefined : this.verified.get(token);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;
    if (cached) this.verified.delete(token);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockSkewSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new Unauthenticated(explain(error));
    }
    const principal = principalOf(payload, token, this.options.rolesClaim);
    if (this.verified.size >= cacheLimit) this.verified.clear();
    const expiresAtMs = ((payload.exp ?? 0) + this.options.clockSkewSeconds) * 1000;
    this.verified.set(token, { principal, expiresAtMs });
    return principal;
  }
}

export function principalOf(payload: JWTPayload, token: string, rolesClaim: string): Principal {
  const subject = payload.sub ?? '';
  const rawRoles = rolesClaim
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], payload);
  const roles = Array.isArray(rawRoles) ? rawRoles.filter((r): r is string => typeof r === 'string') : [];
  const agentId = typeof payload.agent_id === 'string' && payload.agent_id ? payload.agent_id : subject;
  const name = typeof payload.name === 'string' && payload.name ? payload.name : agentId;
  const team = typeof payload.team === 'string' ? payload.team : '';
  return { subject, roles, agentId, name, team, token };
}

/** What is wrong with a token, in words a caller can act on; never a stack trace. */
function explain(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'token has the wrong audience';
    if (error.claim === 'iss') return 'token has the wrong issuer';
    if (error.claim === 'nbf') return 'token is not valid yet';
    return `token claim "${error.claim}" is invalid: ${error.reason}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'token is signed by an unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token is malformed';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'token is signed with an algorithm the issuer does not use';
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "the identity provider's keys could not be fetched; try again";
  }
  return 'token could not be verified';
}

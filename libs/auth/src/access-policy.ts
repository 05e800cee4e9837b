import { type AccessRule, accessTable } from '@cs/contracts';
import { PermissionDenied, ResourceExhausted, Unauthenticated } from '@cs/errors';
import { type Actor, hasRole, type Principal } from './principal.js';
import { RateLimiter } from './rate-limiter.js';
import type { TokenVerifier } from './token-verifier.js';

export interface AccessPolicyOptions {
  verifier: TokenVerifier;
  /** Full names of the gRPC services this process serves: only their RPCs are reachable. */
  services: string[];
  intakeRatePerSecond: number;
  intakeBurst: number;
}

/** Metadata key carrying the token of the person a service acts for. */
export const ON_BEHALF_OF = 'x-cs-on-behalf-of';

/**
 * Decides every call: who is calling (a verified bearer token), whether the RPC's declared roles
 * include theirs, and whether an intake caller is within its rate. Errors name what is wrong.
 */
export class AccessPolicy {
  private readonly rules = new Map<string, AccessRule>();
  private readonly intake: RateLimiter;

  constructor(private readonly options: AccessPolicyOptions) {
    for (const [path, rule] of Object.entries(accessTable)) {
      if (options.services.some((service) => path.startsWith(`/${service}/`))) this.rules.set(path, rule);
    }
    this.intake = new RateLimiter(options.intakeRatePerSecond, options.intakeBurst);
  }

  ruleOf(path: string): AccessRule | undefined {
    return this.rules.get(path);
  }

  /** The principal of an `authorization` header value, or UNAUTHENTICATED saying why not. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw new Unauthenticated('no bearer token: send "authorization: Bearer <token>"');
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) throw new Unauthenticated('authorization must be "Bearer <token>"');
    return this.options.verifier.verify(token);
  }

  /** Authenticates and authorises one call of `path`; returns who acts. */
  async admit(path: string, authorization: string | undefined, onBehalfOf: string | undefined): Promise<Actor> {
    const rule = this.rules.get(path);
    const caller = await this.authenticate(authorization);
    // An RPC with no declaration cannot be generated, so a missing rule means an unknown method.
    if (!rule) throw new PermissionDenied(`${path} is not an RPC of this service`);
    if (!hasRole(caller, ...rule.roles)) {
      throw new PermissionDenied(
        `${path} may be called by ${rule.roles.join(', ')}; the token's roles are ${caller.roles.join(', ') || 'none'}`,
      );
    }
    if (rule.intake && !this.intake.take(caller.subject)) {
      throw new ResourceExhausted(`too many requests from ${caller.subject}; slow down and retry`);
    }
    if (!onBehalfOf) return caller;
    if (!hasRole(caller, 'service')) {
      throw new PermissionDenied(`only a platform service may act on someone's behalf (${ON_BEHALF_OF})`);
    }
    const person = await this.options.verifier.verify(onBehalfOf).catch((error: Error) => {
      throw new Unauthenticated(`${ON_BEHALF_OF}: ${error.message}`);
    });
    // A service relays only what the person could have asked for themselves.
    if (!hasRole(person, ...rule.roles)) {
      throw new PermissionDenied(
        `${path} may be called by ${rule.roles.join(', ')}; ${person.subject}, on whose behalf ${caller.subject} calls, has ${person.roles.join(', ') || 'no roles'}`,
      );
    }
    return { ...person, via: caller.subject };
  }
}

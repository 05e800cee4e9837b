import { ACCESS_POLICY, AccessGuard, type AccessPolicy, hasRole, metadataValue, ON_BEHALF_OF } from '@cs/auth';
import { PermissionDenied } from '@cs/errors';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { idsOf } from './audit-entry.js';
import { AuditTrail } from './audit-trail.js';
import { auditedCall, outcomeOf, traceIdOf } from './call-context.js';

/**
 * The AccessGuard, plus a record of every refused command or personal-data read. Guards run
 * before interceptors, so the AuditInterceptor never sees a refusal; the exception filter would,
 * but without the refused caller's identity and mixed with every handler error. Only
 * PERMISSION_DENIED is recorded: that caller holds a valid token, so it is someone the shop
 * knows trying what their role does not allow. UNAUTHENTICATED and RESOURCE_EXHAUSTED are not:
 * anyone who can reach the port could otherwise write to the trail at will (and a rate limit that
 * costs a database write per refusal would not limit much); metrics and logs count those.
 */
@Injectable()
export class AuditedAccessGuard implements CanActivate {
  private readonly guard: AccessGuard;

  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {
    this.guard = new AccessGuard(policy, reflector);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.guard.canActivate(context);
    } catch (error) {
      // The refusal stands even when its record cannot be written: the caller gets what they did.
      if (error instanceof PermissionDenied) await this.recordRefusal(context, error).catch(() => undefined);
      throw error;
    }
  }

  private async recordRefusal(context: ExecutionContext, error: PermissionDenied): Promise<void> {
    const call = auditedCall(context, this.policy);
    if (!call) return;
    // The guard verified these tokens before refusing the call; verifying again names who it was.
    const caller = await this.verified(metadataValue(call.metadata, 'authorization'));
    if (!caller) return;
    // A service relaying for a person: the person was refused (or the relay was), via the service.
    const onBehalfOf = metadataValue(call.metadata, ON_BEHALF_OF);
    const person = onBehalfOf && hasRole(caller, 'service') ? await this.verified(`Bearer ${onBehalfOf}`) : undefined;
    const actor = person ?? caller;
    await this.trail.append({
      at: new Date(),
      subject: actor.subject,
      roles: [...actor.roles],
      via: person ? caller.subject : '',
      rpc: call.rpc,
      ids: idsOf(call.request),
      traceId: traceIdOf(call.metadata),
      outcome: outcomeOf(error),
    });
  }

  private verified(authorization: string | undefined) {
    return this.policy.authenticate(authorization).catch(() => undefined);
  }
}

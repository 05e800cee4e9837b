import { ACCESS_POLICY, type AccessPolicy, actorOf } from '@cs/auth';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, concatMap, from, type Observable } from 'rxjs';
import { idsOf } from './audit-entry.js';
import { AuditTrail } from './audit-trail.js';
import { auditedCall, outcomeOf, traceIdOf } from './call-context.js';

/**
 * Records every admitted call of a command or a personal-data read, with its outcome, before the
 * reply leaves. The HTTP mirror forwards to gRPC, so this sees both. If the record cannot be
 * written the caller gets an error rather than data nobody can account for; a command has then
 * committed unrecorded, and the client's retry (same idempotency key) records it.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const call = auditedCall(context, this.policy);
    if (!call) return next.handle();
    const actor = actorOf(call.metadata);
    const entry = {
      at: new Date(),
      subject: actor.subject,
      roles: [...actor.roles],
      via: actor.via ?? '',
      rpc: call.rpc,
      ids: idsOf(call.request),
      traceId: traceIdOf(call.metadata),
    };
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(
          this.trail.append({ ...entry, outcome: outcomeOf(error) }).then(
            () => Promise.reject(error),
            // The call failed anyway: the caller hears why it failed, not that auditing did.
            () => Promise.reject(error),
          ),
        ),
      ),
      concatMap(async (response) => {
        await this.trail.append({ ...entry, outcome: 'ok' });
        return response;
      }),
    );
  }
}

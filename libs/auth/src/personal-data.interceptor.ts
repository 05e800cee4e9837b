import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { ACCESS_POLICY } from './access.guard.js';
import type { AccessPolicy } from './access-policy.js';
import { actorOf } from './actor.js';
import { grpcCallOf } from './grpc-call.js';
import { hiddenKinds, maskMessage } from './personal-data.policy.js';

/** Masks the personal data a gRPC response carries for callers whose roles do not need it in clear. */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(@Inject(ACCESS_POLICY) private readonly policy: AccessPolicy) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const call = grpcCallOf(context);
    const rule = call && this.policy.ruleOf(call.path);
    if (!call || !rule) return next.handle();
    const hidden = hiddenKinds(actorOf(call.metadata).roles);
    if (hidden.size === 0) return next.handle();
    return next.handle().pipe(map((response) => maskMessage(rule.response, response, hidden)));
  }
}

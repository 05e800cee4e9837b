import type { Metadata } from '@grpc/grpc-js';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { ACCESS_POLICY } from './access.guard.js';
import type { AccessPolicy } from './access-policy.js';
import { actorOf } from './actor.js';
import { hiddenKinds, maskMessage } from './personal-data.policy.js';

/** Masks the personal data a gRPC response carries for callers whose roles do not need it in clear. */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(@Inject(ACCESS_POLICY) private readonly policy: AccessPolicy) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const [, metadata, call] = context.getArgs<[unknown, Metadata | undefined, { getPath?: () => string }]>();
    const rule = typeof call?.getPath === 'function' ? this.policy.ruleOf(call.getPath()) : undefined;
    if (!rule || !metadata) return next.handle();
    const hidden = hiddenKinds(actorOf(metadata).roles);
    if (hidden.size === 0) return next.handle();
    return next.handle().pipe(map((response) => maskMessage(rule.response, response, hidden)));
  }
}

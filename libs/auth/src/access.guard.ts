import { Unauthenticated } from '@cs/errors';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AccessPolicy, ON_BEHALF_OF } from './access-policy.js';
import { rememberActor } from './actor.js';
import { grpcCallOf, metadataValue } from './grpc-call.js';

export const ACCESS_POLICY = Symbol('cs.access-policy');
const HTTP_ACCESS = 'cs:http-access';

/** Health, readiness and metrics: probes and Prometheus carry no token. */
export const Public = () => SetMetadata(HTTP_ACCESS, { public: true });
/** A plain HTTP route that any verified caller may read (the OpenAPI document). */
export const AnyAuthenticated = () => SetMetadata(HTTP_ACCESS, { anyAuthenticated: true });
/** A plain HTTP route governed by the declaration of the RPC it mirrors, e.g. a CSV export of a report. */
export const SameAccessAs = (rpcPath: string) => SetMetadata(HTTP_ACCESS, { rpcPath });
/** The HTTP/JSON gateway: the loopback gRPC call it makes carries the caller's token and is checked there. */
export const CheckedDownstream = () => SetMetadata(HTTP_ACCESS, { public: true });

interface HttpAccess {
  public?: boolean;
  anyAuthenticated?: boolean;
  rpcPath?: string;
}

/** The one guard of every service: gRPC calls by their proto declaration, HTTP routes by their marker. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() === 'rpc') {
      const call = grpcCallOf(context);
      // Event handlers are Nest rpc handlers too; the bus is guarded by NATS permissions.
      if (!call) return true;
      const { metadata } = call;
      const actor = await this.policy.admit(
        call.path,
        metadataValue(metadata, 'authorization'),
        metadataValue(metadata, ON_BEHALF_OF),
      );
      rememberActor(metadata, actor);
      return true;
    }
    if (context.getType() === 'http') {
      const access = this.reflector.getAllAndOverride<HttpAccess | undefined>(HTTP_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (access?.public) return true;
      const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
      if (access?.rpcPath) {
        const actor = await this.policy.admit(access.rpcPath, request.headers.authorization, undefined);
        rememberActor(request, actor);
        return true;
      }
      if (access?.anyAuthenticated) {
        rememberActor(request, await this.policy.authenticate(request.headers.authorization));
        return true;
      }
      // A route nobody declared is closed rather than open.
      throw new Unauthenticated('this route declares no access rule');
    }
    return true;
  }
}

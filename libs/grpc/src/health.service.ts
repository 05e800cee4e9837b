import {
  type HealthCheckRequest,
  type HealthCheckResponse,
  type HealthListResponse,
  HealthService,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@cs/contracts/grpc/health/v1/health';
import { type Server, type ServerWritableStream, type ServiceError, status } from '@grpc/grpc-js';

export { ServingStatus };

type Watch = ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;

/**
 * grpc.health.v1.Health as the health-checking protocol specifies it (Check, Watch, List), served
 * with the ts-proto codecs of grpc/health/v1: what Kubernetes gRPC probes and load balancers ask.
 * Check of a service never registered is NOT_FOUND; Watch answers with the current status at once
 * (SERVICE_UNKNOWN for an unregistered one) and then with each change until the caller cancels.
 */
export class HealthStatuses {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watches = new Map<string, Set<Watch>>();

  constructor(initial: Record<string, ServingStatus>) {
    for (const [service, serving] of Object.entries(initial)) this.statuses.set(service, serving);
  }

  setStatus(service: string, serving: ServingStatus): void {
    if (this.statuses.get(service) === serving) return;
    this.statuses.set(service, serving);
    for (const watch of this.watches.get(service) ?? []) watch.write({ status: serving });
  }

  addToServer(server: Server): void {
    server.addService(HealthService, {
      check: (
        call: { request: HealthCheckRequest },
        callback: (error: Partial<ServiceError> | null, response?: HealthCheckResponse) => void,
      ) => {
        const serving = this.statuses.get(call.request.service);
        if (serving) callback(null, { status: serving });
        else callback({ code: status.NOT_FOUND, details: `no health status for service '${call.request.service}'` });
      },
      watch: (call: Watch) => this.watch(call),
      list: (_call: unknown, callback: (error: null, response: HealthListResponse) => void) => {
        const statuses: HealthListResponse['statuses'] = {};
        for (const [service, serving] of this.statuses) statuses[service] = { status: serving };
        callback(null, { statuses });
      },
    });
  }

  private watch(call: Watch): void {
    const service = call.request.service;
    const watches = this.watches.get(service) ?? new Set<Watch>();
    this.watches.set(service, watches);
    watches.add(call);
    const forget = () => watches.delete(call);
    call.on('cancelled', forget);
    call.on('close', forget);
    call.write({ status: this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN });
  }
}

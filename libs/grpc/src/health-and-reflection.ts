import { descriptorSet } from '@cs/contracts';
import type { Server } from '@grpc/grpc-js';
import { HealthStatuses, ServingStatus } from './health.service.js';
import { DescriptorReflection } from './reflection.service.js';

/**
 * Adds grpc.health.v1 and server reflection so stock tools (grpcurl, buf curl,
 * Kubernetes gRPC probes) work. Returns the health statuses to flip on start and shutdown.
 */
export function addHealthAndReflection(server: Server, serviceNames: string[]): HealthStatuses {
  const health = new HealthStatuses(
    Object.fromEntries(['', ...serviceNames].map((name) => [name, ServingStatus.NOT_SERVING])),
  );
  health.addToServer(server);
  new DescriptorReflection(descriptorSet(), [...serviceNames, 'grpc.health.v1.Health']).addToServer(server);
  return health;
}

export function setServing(health: HealthStatuses, serviceNames: string[], serving: boolean): void {
  for (const name of ['', ...serviceNames])
    health.setStatus(name, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
}

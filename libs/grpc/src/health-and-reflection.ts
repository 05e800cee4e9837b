import { descriptorSet } from '@cs/contracts';
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { DescriptorReflection } from './reflection.service.js';

/**
 * Adds grpc.health.v1 and server reflection so stock tools (grpcurl, buf curl,
 * Kubernetes gRPC probes) work. Returns the health registry to flip on shutdown.
 */
export function addHealthAndReflection(server: Server, serviceNames: string[]): HealthImplementation {
  const health = new HealthImplementation(
    Object.fromEntries(['', ...serviceNames].map((name) => [name, 'NOT_SERVING' as const])),
  );
  health.addToServer(server as never);
  new DescriptorReflection(descriptorSet(), [...serviceNames, 'grpc.health.v1.Health']).addToServer(server);
  return health;
}

export function setServing(health: HealthImplementation, serviceNames: string[], serving: boolean): void {
  for (const name of ['', ...serviceNames]) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
}

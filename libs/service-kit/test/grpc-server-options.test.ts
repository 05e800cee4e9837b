import { HealthDefinition, HealthService } from '@cs/contracts/grpc/health/v1/health';
import { describe, expect, it, vi } from 'vitest';
import { packageDefinitionOf } from '../src/grpc-server-options.js';

describe('the gRPC server package definition from the generated services', () => {
  it('names each service by its proto name and each method as proto-loader did, camelCase as originalName, with the generated codecs', () => {
    const definition = packageDefinitionOf([HealthDefinition], () => {})['grpc.health.v1.Health']!;
    expect(Object.keys(definition).sort()).toEqual(['Check', 'List', 'Watch']);
    expect(definition.Check).toMatchObject({ path: '/grpc.health.v1.Health/Check', originalName: 'check' });
  });

  it('encodes with the generated codec, and names the method when a response does not fit its message', () => {
    const onUnencodable = vi.fn();
    const check = packageDefinitionOf([HealthDefinition], onUnencodable)['grpc.health.v1.Health']!.Check!;
    expect(HealthService.check.responseDeserialize(check.responseSerialize({ status: 'SERVING' }))).toEqual({
      status: 'SERVING',
    });
    expect(() => check.responseSerialize({ status: 'ALMOST_SERVING' })).toThrow(/enum/i);
    expect(onUnencodable).toHaveBeenCalledWith('/grpc.health.v1.Health/Check', expect.any(Error));
  });
});

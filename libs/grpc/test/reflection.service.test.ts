import { descriptorSet } from '@cs/contracts';
import { FileDescriptorProto } from '@cs/contracts/google/protobuf/descriptor';
import { describe, expect, it } from 'vitest';
import { DescriptorReflection } from '../src/reflection.service.js';

const reflection = new DescriptorReflection(descriptorSet(), ['cs.orders.v1.OrdersService', 'grpc.health.v1.Health']);
const fileNames = (answer: any) =>
  answer.fileDescriptorResponse.fileDescriptorProto.map((bytes: Uint8Array) => FileDescriptorProto.decode(bytes).name);

describe('server reflection from the buf descriptor set', () => {
  it('lists the exposed services', () => {
    const answer: any = reflection.answer({ listServices: '', host: '' });
    expect(answer.listServicesResponse.service.map((s: { name: string }) => s.name)).toEqual([
      'cs.orders.v1.OrdersService',
      'grpc.health.v1.Health',
    ]);
  });

  it('returns the file of a service with all its imports, so a client can resolve every type', () => {
    const files = fileNames(reflection.answer({ fileContainingSymbol: 'cs.orders.v1.OrdersService', host: '' }));
    expect(files[0]).toBe('cs/orders/v1/orders_service.proto');
    expect(files).toEqual(
      expect.arrayContaining([
        'cs/orders/v1/order.proto',
        'cs/common/v1/money.proto',
        'cs/common/v1/refs.proto',
        'google/protobuf/timestamp.proto',
      ]),
    );
  });

  it('finds methods and nested symbols', () => {
    expect(
      fileNames(reflection.answer({ fileContainingSymbol: 'cs.orders.v1.OrdersService.ChangeAddress', host: '' }))[0],
    ).toBe('cs/orders/v1/orders_service.proto');
  });

  it('answers NOT_FOUND for an unknown symbol', () => {
    const answer: any = reflection.answer({ fileContainingSymbol: 'cs.nope.v1.Nothing', host: '' });
    expect(answer.errorResponse.errorCode).toBe(5);
  });

  it('knows the custom event_subject extension', () => {
    const answer: any = reflection.answer({
      allExtensionNumbersOfType: 'google.protobuf.MessageOptions',
      host: '',
    });
    expect(answer.allExtensionNumbersResponse.extensionNumber).toContain(50001);
  });
});

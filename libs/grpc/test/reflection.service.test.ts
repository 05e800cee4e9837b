import { descriptorSet } from '@cs/contracts';
import { FileDescriptorProto } from '@cs/contracts/google/protobuf/descriptor';
import { describe, expect, it } from 'vitest';
import { DescriptorReflection } from '../src/reflection.service.js';

const reflection = new DescriptorReflection(descriptorSet(), ['cs.orders.v1.OrdersService', 'grpc.health.v1.Health']);
const fileNames = (answer: any) =>
  answer.file_descriptor_response.file_descriptor_proto.map(
    (bytes: Uint8Array) => FileDescriptorProto.decode(bytes).name,
  );

describe('server reflection from the buf descriptor set', () => {
  it('lists the exposed services', () => {
    const answer: any = reflection.answer({ list_services: '', message_request: 'list_services' });
    expect(answer.list_services_response.service.map((s: { name: string }) => s.name)).toEqual([
      'cs.orders.v1.OrdersService',
      'grpc.health.v1.Health',
    ]);
  });

  it('returns the file of a service with all its imports, so a client can resolve every type', () => {
    const files = fileNames(
      reflection.answer({ file_containing_symbol: 'cs.orders.v1.OrdersService', message_request: 'x' }),
    );
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
      fileNames(
        reflection.answer({ file_containing_symbol: 'cs.orders.v1.OrdersService.ChangeAddress', message_request: 'x' }),
      )[0],
    ).toBe('cs/orders/v1/orders_service.proto');
  });

  it('answers NOT_FOUND for an unknown symbol', () => {
    const answer: any = reflection.answer({ file_containing_symbol: 'cs.nope.v1.Nothing', message_request: 'x' });
    expect(answer.error_response.error_code).toBe(5);
  });

  it('knows the custom event_subject extension', () => {
    const answer: any = reflection.answer({
      all_extension_numbers_of_type: 'google.protobuf.MessageOptions',
      message_request: 'x',
    });
    expect(answer.all_extension_numbers_response.extension_number).toContain(50001);
  });
});

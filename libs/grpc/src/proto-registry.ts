import { createFileRegistry, type DescMessage, type FileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSet } from '@cs/contracts';

let registry: FileRegistry | undefined;

/** Every message, enum and service of proto/, from the FileDescriptorSet `buf build` wrote. */
export function protoRegistry(): FileRegistry {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet()));
  return registry;
}

/** The request and response descriptors of one method, or undefined when there is no such method. */
export function methodMessages(
  service: string,
  method: string,
): { input: DescMessage; output: DescMessage } | undefined {
  const found = protoRegistry()
    .getService(service)
    ?.methods.find((m) => m.name === method);
  return found ? { input: found.input, output: found.output } : undefined;
}

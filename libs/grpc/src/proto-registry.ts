import { createFileRegistry, type DescFile, type DescMessage, type FileRegistry, fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSet } from '@cs/contracts';

let registry: FileRegistry | undefined;

/** Every message, enum and service of proto/, from the FileDescriptorSet `buf build` wrote. */
export function protoRegistry(): FileRegistry {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet()));
  return registry;
}

/** Each file's raw bytes by name, and the file of each service. */
let files: { byName: Map<string, Uint8Array>; fileOfService: Map<string, string> } | undefined;

/**
 * Names and services of every file, read straight off the wire: a process needs the
 * descriptors of its own services' files only, and decoding all of proto/ kept ~3 MiB of heap.
 */
function indexFiles(): NonNullable<typeof files> {
  if (files) return files;
  const byName = new Map<string, Uint8Array>();
  const fileOfService = new Map<string, string>();
  for (const bytes of descriptorFileBytes(descriptorSet())) {
    const file = new BinaryReader(bytes);
    let name = '';
    let pkg = '';
    const services: string[] = [];
    while (file.pos < file.len) {
      const [f, w] = file.tag();
      if (f === 1 && w === WireType.LengthDelimited) name = file.string();
      else if (f === 2 && w === WireType.LengthDelimited) pkg = file.string();
      else if (f === 6 && w === WireType.LengthDelimited) services.push(serviceName(file.bytes()));
      else file.skip(w);
    }
    byName.set(name, bytes);
    for (const service of services) fileOfService.set(pkg ? `${pkg}.${service}` : service, name);
  }
  files = { byName, fileOfService };
  return files;
}

/** The raw bytes of each file in a FileDescriptorSet (field 1), kept as built so custom options survive. */
export function descriptorFileBytes(descriptorSet: Uint8Array): Uint8Array[] {
  const reader = new BinaryReader(descriptorSet);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1) files.push(reader.bytes());
    else reader.skip(wireType);
  }
  return files;
}

/** Field 1 of a ServiceDescriptorProto. */
function serviceName(bytes: Uint8Array): string {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) return reader.string();
    reader.skip(wireType);
  }
  return '';
}

const described = new Map<string, DescFile>();

/** One file's descriptor, its imports resolved to the same (shared) descriptors; built when first asked for. */
function describedFile(fileName: string): DescFile | undefined {
  let file = described.get(fileName);
  if (!file) {
    const bytes = indexFiles().byName.get(fileName);
    if (!bytes) return undefined;
    file = createFileRegistry(fromBinary(FileDescriptorProtoSchema, bytes), describedFile).getFile(fileName);
    if (file) described.set(fileName, file);
  }
  return file;
}

/** The request and response descriptors of one method, or undefined when there is no such method. */
export function methodMessages(
  service: string,
  method: string,
): { input: DescMessage; output: DescMessage } | undefined {
  const fileName = indexFiles().fileOfService.get(service);
  const found =
    fileName === undefined
      ? undefined
      : describedFile(fileName)
          ?.services.find((s) => s.typeName === service)
          ?.methods.find((m) => m.name === method);
  return found ? { input: found.input, output: found.output } : undefined;
}

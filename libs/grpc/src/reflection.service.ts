import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { type DescriptorProto, FileDescriptorProto } from '@cs/contracts/google/protobuf/descriptor';
import { loadPackageDefinition, type Server, type ServerDuplexStream, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

interface ReflectionRequest {
  list_services?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  file_containing_extension?: { containing_type: string; extension_number: number };
  all_extension_numbers_of_type?: string;
  message_request: string;
}

/**
 * gRPC server reflection (v1 and v1alpha) answered from the FileDescriptorSet `buf build`
 * produced, so every file comes back with its imports intact and stock tools (grpcurl, buf curl)
 * can describe and call any method. (@grpc/reflection rebuilds descriptors and drops imports.)
 */
export class DescriptorReflection {
  private readonly files = new Map<string, { proto: FileDescriptorProto; bytes: Uint8Array }>();
  private readonly symbols = new Map<string, string>();
  private readonly extensions = new Map<string, Map<number, string>>();

  constructor(
    descriptorSet: Uint8Array,
    private readonly services: string[],
  ) {
    for (const bytes of fileBytes(descriptorSet)) {
      const proto = FileDescriptorProto.decode(bytes);
      this.files.set(proto.name ?? '', { proto, bytes });
      this.index(proto);
    }
  }

  addToServer(server: Server): void {
    const protoDir = join(
      dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')),
      'build/proto',
    );
    for (const version of ['v1', 'v1alpha']) {
      const definition = loadSync(join(protoDir, `grpc/reflection/${version}/reflection.proto`), {
        keepCase: true,
        defaults: false,
        oneofs: true,
      });
      // biome-ignore lint/suspicious/noExplicitAny: a proto-loader package is an untyped tree of namespaces.
      const pkg = loadPackageDefinition(definition) as unknown as Record<string, any>;
      server.addService(pkg.grpc.reflection[version].ServerReflection.service, {
        ServerReflectionInfo: (call: ServerDuplexStream<ReflectionRequest, unknown>) => {
          call.on('data', (request: ReflectionRequest) => call.write(this.answer(request)));
          call.on('end', () => call.end());
        },
      });
    }
  }

  answer(request: ReflectionRequest): unknown {
    const base = { valid_host: '', original_request: request };
    try {
      if (request.list_services !== undefined) {
        return { ...base, list_services_response: { service: this.services.map((name) => ({ name })) } };
      }
      if (request.file_by_filename !== undefined)
        return { ...base, file_descriptor_response: this.withImports(request.file_by_filename) };
      if (request.file_containing_symbol !== undefined) {
        const file = this.symbols.get(request.file_containing_symbol.replace(/^\./, ''));
        if (!file) throw new NotFoundError(`symbol not found: ${request.file_containing_symbol}`);
        return { ...base, file_descriptor_response: this.withImports(file) };
      }
      if (request.file_containing_extension) {
        const { containing_type, extension_number } = request.file_containing_extension;
        const file = this.extensions.get(containing_type)?.get(extension_number);
        if (!file) throw new NotFoundError(`extension ${extension_number} of ${containing_type} not found`);
        return { ...base, file_descriptor_response: this.withImports(file) };
      }
      if (request.all_extension_numbers_of_type !== undefined) {
        const numbers = [...(this.extensions.get(request.all_extension_numbers_of_type)?.keys() ?? [])];
        return {
          ...base,
          all_extension_numbers_response: {
            base_type_name: request.all_extension_numbers_of_type,
            extension_number: numbers,
          },
        };
      }
      return {
        ...base,
        error_response: { error_code: status.UNIMPLEMENTED, error_message: 'unsupported reflection request' },
      };
    } catch (error) {
      const code = error instanceof NotFoundError ? status.NOT_FOUND : status.INTERNAL;
      return { ...base, error_response: { error_code: code, error_message: (error as Error).message } };
    }
  }

  /** The file and everything it imports, transitively, the file itself first. */
  private withImports(name: string): { file_descriptor_proto: Uint8Array[] } {
    if (!this.files.has(name)) throw new NotFoundError(`file not found: ${name}`);
    const ordered: string[] = [];
    const visit = (file: string) => {
      if (ordered.includes(file)) return;
      ordered.push(file);
      for (const dependency of this.files.get(file)?.proto.dependency ?? []) visit(dependency);
    };
    visit(name);
    return { file_descriptor_proto: ordered.map((file) => this.files.get(file)!.bytes) };
  }

  private index(file: FileDescriptorProto): void {
    const prefix = file.package ? `${file.package}.` : '';
    const fileName = file.name ?? '';
    const add = (fqn: string) => this.symbols.set(fqn, fileName);
    const visitMessage = (message: DescriptorProto, scope: string) => {
      const fqn = `${scope}${message.name}`;
      add(fqn);
      for (const field of message.field) add(`${fqn}.${field.name}`);
      for (const nested of message.nestedType) visitMessage(nested, `${fqn}.`);
      for (const nested of message.enumType) add(`${fqn}.${nested.name}`);
      for (const extension of message.extension)
        this.addExtension(extension.extendee ?? '', extension.number ?? 0, fileName);
    };
    for (const message of file.messageType) visitMessage(message, prefix);
    for (const enumType of file.enumType) add(`${prefix}${enumType.name}`);
    for (const service of file.service) {
      add(`${prefix}${service.name}`);
      for (const method of service.method) add(`${prefix}${service.name}.${method.name}`);
    }
    for (const extension of file.extension) {
      add(`${prefix}${extension.name}`);
      this.addExtension(extension.extendee ?? '', extension.number ?? 0, fileName);
    }
  }

  private addExtension(extendee: string, number: number, file: string): void {
    const type = extendee.replace(/^\./, '');
    const byNumber = this.extensions.get(type) ?? new Map<number, string>();
    byNumber.set(number, file);
    this.extensions.set(type, byNumber);
  }
}

class NotFoundError extends Error {}

/** The raw bytes of each file in a FileDescriptorSet (field 1), kept as built so custom options survive. */
function fileBytes(descriptorSet: Uint8Array): Uint8Array[] {
  const reader = new BinaryReader(descriptorSet);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1) files.push(reader.bytes());
    else reader.skip(wireType);
  }
  return files;
}

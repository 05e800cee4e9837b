import { type DescriptorProto, FileDescriptorProto } from '@cs/contracts/google/protobuf/descriptor';
import {
  type FileDescriptorResponse,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
  ServerReflectionService,
} from '@cs/contracts/grpc/reflection/v1/reflection';
import { type Server, type ServerDuplexStream, status } from '@grpc/grpc-js';
import { descriptorFileBytes } from './proto-registry.js';

/**
 * grpc.reflection.v1alpha, which older clients still ask: the same messages as v1, field for field
 * (the two .proto files differ only in their package), so v1's codecs under v1alpha's path.
 */
export const ServerReflectionV1AlphaService = {
  serverReflectionInfo: {
    ...ServerReflectionService.serverReflectionInfo,
    path: '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
  },
} as const;

/**
 * gRPC server reflection (v1 and v1alpha) answered from the FileDescriptorSet `buf build`
 * produced, so every file comes back with its imports intact and stock tools (grpcurl, buf curl)
 * can describe and call any method. (@grpc/reflection rebuilds descriptors and drops imports.)
 * Served with the ts-proto codecs of grpc/reflection/*: no second protobuf runtime in the process.
 */
export class DescriptorReflection {
  private readonly files = new Map<string, { proto: FileDescriptorProto; bytes: Uint8Array }>();
  private readonly symbols = new Map<string, string>();
  private readonly extensions = new Map<string, Map<number, string>>();

  private indexed = false;

  constructor(
    private readonly descriptorSet: Uint8Array,
    private readonly services: string[],
  ) {}

  /** Decoded at the first question, not at start: ~1.4 MiB of heap that tools rarely ask for. */
  private indexOnce(): void {
    if (this.indexed) return;
    for (const bytes of descriptorFileBytes(this.descriptorSet)) {
      const proto = FileDescriptorProto.decode(bytes);
      this.files.set(proto.name ?? '', { proto, bytes });
      this.index(proto);
    }
    this.indexed = true;
  }

  addToServer(server: Server): void {
    for (const definition of [ServerReflectionService, ServerReflectionV1AlphaService]) {
      server.addService(definition, {
        serverReflectionInfo: (call: ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
          call.on('data', (request: ServerReflectionRequest) => call.write(this.answer(request)));
          call.on('end', () => call.end());
        },
      });
    }
  }

  answer(request: ServerReflectionRequest): ServerReflectionResponse {
    const base = { validHost: '', originalRequest: request };
    try {
      this.indexOnce();
      if (request.listServices !== undefined) {
        return { ...base, listServicesResponse: { service: this.services.map((name) => ({ name })) } };
      }
      if (request.fileByFilename !== undefined)
        return { ...base, fileDescriptorResponse: this.withImports(request.fileByFilename) };
      if (request.fileContainingSymbol !== undefined) {
        const file = this.symbols.get(request.fileContainingSymbol.replace(/^\./, ''));
        if (!file) throw new NotFoundError(`symbol not found: ${request.fileContainingSymbol}`);
        return { ...base, fileDescriptorResponse: this.withImports(file) };
      }
      if (request.fileContainingExtension) {
        const { containingType, extensionNumber } = request.fileContainingExtension;
        const file = this.extensions.get(containingType)?.get(extensionNumber);
        if (!file) throw new NotFoundError(`extension ${extensionNumber} of ${containingType} not found`);
        return { ...base, fileDescriptorResponse: this.withImports(file) };
      }
      if (request.allExtensionNumbersOfType !== undefined) {
        const numbers = [...(this.extensions.get(request.allExtensionNumbersOfType)?.keys() ?? [])];
        return {
          ...base,
          allExtensionNumbersResponse: {
            baseTypeName: request.allExtensionNumbersOfType,
            extensionNumber: numbers,
          },
        };
      }
      return {
        ...base,
        errorResponse: { errorCode: status.UNIMPLEMENTED, errorMessage: 'unsupported reflection request' },
      };
    } catch (error) {
      const code = error instanceof NotFoundError ? status.NOT_FOUND : status.INTERNAL;
      return { ...base, errorResponse: { errorCode: code, errorMessage: (error as Error).message } };
    }
  }

  /** The file and everything it imports, transitively, the file itself first. */
  private withImports(name: string): FileDescriptorResponse {
    if (!this.files.has(name)) throw new NotFoundError(`file not found: ${name}`);
    const ordered: string[] = [];
    const visit = (file: string) => {
      if (ordered.includes(file)) return;
      ordered.push(file);
      for (const dependency of this.files.get(file)?.proto.dependency ?? []) visit(dependency);
    };
    visit(name);
    return { fileDescriptorProto: ordered.map((file) => this.files.get(file)!.bytes) };
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
